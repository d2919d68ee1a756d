#include "support/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <system_error>

namespace tecsync::it {

TempDir::TempDir(const char* hint) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / ("tecsync-it-" + std::string(hint) + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
  path_ = tmpl;
}

TempDir::~TempDir() {
  const char* keep = std::getenv("TECSYNC_KEEP_TMP");
  if (keep != nullptr && std::string(keep) == "1") return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace tecsync::it
