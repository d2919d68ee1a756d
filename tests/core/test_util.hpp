#pragma once
// Helpers for the core tests: temporary directories, fixture copies, services.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "http/curl_client.hpp"
#include "observability/cancel.hpp"
#include "observability/log.hpp"
#include "observability/pulse.hpp"

namespace tecsync::test {

/// A fresh directory (mode 0755) removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tecsync-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
    ::chmod(path_.c_str(), 0755);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path fixture(const std::string& file) {
  return std::filesystem::path(TECSYNC_TEST_FIXTURE_DIR) / file;
}

/// Copies fixture `tecsync_<name>.so` into `dir`.
inline void copy_fixture(const std::filesystem::path& dir, const std::string& name) {
  std::filesystem::copy_file(fixture("tecsync_" + name + ".so"), dir / ("tecsync_" + name + ".so"),
                             std::filesystem::copy_options::overwrite_existing);
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Everything a plugin instance needs, owned together.
struct Services {
  boost::property_tree::ptree config;
  obs::SpdLogger log{obs::stderr_logger(LogLevel::warn), "test"};
  obs::CyclePulses pulses{log, Strategy::flash};
  obs::CycleCounters counters;
  obs::ManualCancellation cancel;
  http::CurlHttpClient http{http::HttpDefaults{}, log, &cancel};
  HostServices host() { return HostServices{config, "test", log, pulses, counters, http, cancel}; }
};

}  // namespace tecsync::test
