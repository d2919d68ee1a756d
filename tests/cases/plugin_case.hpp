#pragma once
/// @file
/// What the plugin-misbehaviour tests share (cases 026, 028 and the runtime
/// error test): a plugin folder of their own, holding chosen files of the case
/// fixture plugins (tests/cases/fixture_plugins, built out of tree against the
/// installed SDK into TECSYNC_CASE_FIXTURE_DIR) next to the real `pricing` and
/// `odoo_sql` plugins; a config with one pipeline per source plugin under test;
/// the real `tecsync` run on it; and the marker folder the fixtures' factories
/// write to (`$TECSYNC_TEST_MARKERS/<file>.created`).

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/case_odoo.hpp"
#include "support/case_test.hpp"
#include "support/process.hpp"
#include "support/tecsync_cli.hpp"

#ifndef TECSYNC_CASE_FIXTURE_DIR
#error "TECSYNC_CASE_FIXTURE_DIR (the built case fixture plugins) must be defined by the build"
#endif

namespace tecsync::cases::plugin_case {

namespace fs = std::filesystem;

/// `dir` (created, mode 0755 like a packaged plugin folder) with copies of the
/// named fixture files and the real pricing and odoo_sql plugins.
inline fs::path make_plugin_dir(const fs::path& dir, const std::vector<std::string>& fixture_files) {
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                           fs::perms::others_exec);
  auto copy = [&](const fs::path& from) {
    if (!fs::exists(from)) throw std::runtime_error("missing " + from.string() + " (build tecsync_case_tests first)");
    fs::copy_file(from, dir / from.filename(), fs::copy_options::overwrite_existing);
    fs::permissions(dir / from.filename(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                               fs::perms::others_read | fs::perms::others_exec);
  };
  for (const auto& f : fixture_files) copy(fs::path(TECSYNC_CASE_FIXTURE_DIR) / f);
  for (const char* f : {"tecsync_pricing.so", "tecsync_odoo_sql.so"}) copy(fs::path(TECSYNC_IT_PLUGIN_DIR) / f);
  return dir;
}

/// One pipeline `p_<label>`: source instance `<label>` of `plugin` → pricing
/// (identity profile) → the odoo_sql sink. Extra source keys in `keys`.
struct SourceUnderTest {
  std::string label;
  std::string plugin;
  std::vector<std::pair<std::string, std::string>> keys;
};

/// Writes the config: plugin_path, every pipeline, the pricing identity profile
/// (margin 0, fixed:1, 0.01) and the sink on `dsn` with the two Air locations.
inline fs::path write_config(const fs::path& path, const fs::path& plugin_dir, const std::string& url,
                             const std::string& dsn, const std::vector<SourceUnderTest>& sources) {
  std::ofstream out(path);
  out << "[tecsync]\nplugin_path = " << plugin_dir.string() << "\nhttp_retries = 0\n\n";
  for (const auto& s : sources) {
    out << "[pipeline.p_" << s.label << "]\nsource = " << s.label
        << "\ntransforms = pricing\nsink = odoo\nstrategy = flash\n\n"
        << "[source." << s.label << "]\nplugin = " << s.plugin << "\nurl = " << url << "\n";
    for (const auto& [k, v] : s.keys) out << k << " = " << v << "\n";
    out << "\n";
  }
  out << "[transform.pricing]\nplugin = pricing\nmargin_percent = 0\nrate = fixed:1\nrounding = 0.01\n\n"
      << "[sink.odoo]\nplugin = odoo_sql\ndsn = " << dsn << "\nsupplier = Air Computers\n"
      << "location.S_CBA = " << kCordoba << "\nlocation.S_BUE = " << kBuenosAires << "\n";
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path;
}

/// `tecsync run --config <config> --pipeline <pipeline> --json`.
inline CaseRun run_pipeline(const fs::path& config, const std::string& pipeline, const fs::path& scratch) {
  it::ProcessResult p =
      it::run_tecsync({"run", "--config", config.string(), "--pipeline", pipeline, "--json"}, scratch);
  CaseRun r;
  r.exit_code = p.exit_code;
  r.out = p.out;
  r.err = p.err;
  std::istringstream lines(p.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    try {
      r.json = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
    }
  }
  return r;
}

/// `tecsync plugins --config <config>`: the line about `file` ("" when none).
inline std::string plugins_line(const it::ProcessResult& listing, const std::string& file) {
  std::istringstream lines(listing.out);
  for (std::string line; std::getline(lines, line);)
    if (line.find("/" + file + " ") != std::string::npos || line.ends_with("/" + file)) return line;
  return "";
}

/// Points TECSYNC_TEST_MARKERS (factory ran) and TECSYNC_TEST_LOAD_MARKERS
/// (library was loaded: its static initializers ran), inherited by the
/// `tecsync` children, at fresh folders for the lifetime of this object.
class Markers {
 public:
  explicit Markers(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_ / "created");
    fs::create_directories(dir_ / "loaded");
    ::setenv("TECSYNC_TEST_MARKERS", (dir_ / "created").c_str(), 1);
    ::setenv("TECSYNC_TEST_LOAD_MARKERS", (dir_ / "loaded").c_str(), 1);
  }
  ~Markers() {
    ::unsetenv("TECSYNC_TEST_MARKERS");
    ::unsetenv("TECSYNC_TEST_LOAD_MARKERS");
  }
  Markers(const Markers&) = delete;
  Markers& operator=(const Markers&) = delete;
  /// True when the factory of plugin file `file` ran.
  bool created(const std::string& file) const { return fs::exists(dir_ / "created" / (file + ".created")); }
  /// True when plugin file `file` was loaded (dlopen ran its initializers).
  bool loaded(const std::string& file) const { return fs::exists(dir_ / "loaded" / (file + ".loaded")); }
  /// Every factory marker present, sorted (`libfx_ok_source.so.created`).
  std::vector<std::string> all_created() const { return list(dir_ / "created"); }
  /// Every load marker present, sorted (`libfx_ok_source.so.loaded`).
  std::vector<std::string> all_loaded() const { return list(dir_ / "loaded"); }

 private:
  static std::vector<std::string> list(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  fs::path dir_;
};

}  // namespace tecsync::cases::plugin_case
