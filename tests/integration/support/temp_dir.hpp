#pragma once
/// @file
/// A private temporary folder that is removed with everything in it when the
/// owner goes away (set TECSYNC_KEEP_TMP=1 to keep it for a post-mortem).

#include <filesystem>

namespace tecsync::it {

class TempDir {
 public:
  /// Creates `$TMPDIR/tecsync-it-<hint>-XXXXXX`. Throws std::runtime_error on failure.
  explicit TempDir(const char* hint);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

}  // namespace tecsync::it
