// Case 026: plugins built against another SDK ABI (older major, newer minor,
// no ABI tag) sit next to a correct one. The host refuses the three before
// running any of their code, names the file and both versions, and still runs
// p_ok. Project choice for the "host status" line of expected.md: refused files
// elsewhere in plugin_path do not fail a pipeline that does not use them; the
// run is OK_WITH_WARNINGS (exit 0) with the pulse `⚠️ Plugins Refused: 3 …`,
// and `tecsync plugins` exits 1 listing each refusal. A pipeline whose own
// plugin is refused fails with that refusal's class, and nothing lands.

#include <tecsync/abi.hpp>

#include "plugin_case.hpp"

namespace tecsync::cases {
namespace {

using plugin_case::Markers;

TEST_F(Cases, c026_plugin_abi_mismatch) {
  const std::string url = serve("feed.csv");
  Markers markers(scratch() / "markers");
  const auto dir = plugin_case::make_plugin_dir(
      scratch() / "plugins", {"libfx_ok_source.so", "libfx_old_major.so", "libfx_new_minor.so", "libfx_no_abi.so"});
  const auto config = plugin_case::write_config(scratch() / "c026.conf", dir, url, odoo().conninfo(),
                                                {{"ok", "fx_ok_source", {}},
                                                 {"old", "fx_old_major", {}},
                                                 {"new", "fx_new_minor", {}},
                                                 {"noabi", "fx_no_abi", {}}});

  // Per plugin: the listing names the file, the class and both versions.
  const auto listing = it::run_tecsync({"plugins", "--config", config.string()}, scratch());
  EXPECT_EQ(listing.exit_code, 1) << "a refusal makes `tecsync plugins` exit 1\n" << listing.describe();
  // The versions follow this tree's tecsync/abi.hpp: the fixtures are built for
  // (major − 1).4 and major.(minor + 1) of the SDK they were built against.
  const int major = TECSYNC_ABI_MAJOR, minor = TECSYNC_ABI_MINOR;
  const std::string host = std::to_string(major) + "." + std::to_string(minor);
  const std::string old_abi = std::to_string(major - 1) + ".4";
  const std::string new_abi = std::to_string(major) + "." + std::to_string(minor + 1);
  const std::string ok = plugin_case::plugins_line(listing, "libfx_ok_source.so");
  EXPECT_EQ(ok.rfind("loaded", 0), 0u) << listing.describe();
  EXPECT_NE(ok.find("fx_ok_source"), std::string::npos) << ok;
  struct Want {
    const char* file;
    std::vector<std::string> contains;
  };
  const std::vector<Want> refused{
      {"libfx_old_major.so",
       {"ABI " + old_abi + ";", "host speaks " + host, "rebuild against tecsync SDK " + std::to_string(major)}},
      {"libfx_new_minor.so",
       {"ABI " + new_abi + ";", "host speaks " + host, "minor ≤ " + std::to_string(minor), "upgrade tecsync"}},
      {"libfx_no_abi.so", {"no ABI version exported", "host speaks " + host}},
  };
  for (const Want& w : refused) {
    const std::string line = plugin_case::plugins_line(listing, w.file);
    EXPECT_EQ(line.rfind("refused " + (dir / w.file).string() + " PluginLoadError.AbiMismatch: ", 0), 0u)
        << w.file << "\n"
        << listing.describe();
    EXPECT_NE(line.find("plugin " + (dir / w.file).string()), std::string::npos)
        << "the reason names the path: " << line;
    for (const auto& c : w.contains) EXPECT_NE(line.find(c), std::string::npos) << "'" << c << "' missing: " << line;
    // Refused on the ABI tag before loading: an eager dlopen of fx_new_minor
    // would have failed with "undefined symbol" (MissingSymbol) instead.
    EXPECT_EQ(line.find("undefined symbol"), std::string::npos) << line;
  }

  // Pipeline p_ok runs and lands.
  const CaseRun run = plugin_case::run_pipeline(config, "p_ok", scratch());
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(run.status(), "OK_WITH_WARNINGS") << run.describe();
  EXPECT_EQ(run.pulse().rfind("⚠️ Plugins Refused: 3 file(s)", 0), 0u) << run.describe();
  EXPECT_EQ(odoo().price("PL-2501"), "3.30");
  EXPECT_EQ(odoo().qty("PL-2501", kCordoba), "40");
  EXPECT_EQ(odoo().qty("PL-2501", kBuenosAires), "40");
  EXPECT_TRUE(odoo().quants_invariant_i4());
  for (const Want& w : refused) {
    EXPECT_NE(run.err.find("PluginLoadError.AbiMismatch: plugin " + (dir / w.file).string()), std::string::npos)
        << "the run's log names each refused file: " << w.file << "\n"
        << run.err;
  }

  // A pipeline whose own plugin is refused: FAILED with the refusal, nothing lands.
  const std::string before = odoo().snapshot();
  for (const char* p : {"p_old", "p_new", "p_noabi"}) {
    const CaseRun refused_run = plugin_case::run_pipeline(config, p, scratch());
    expect_untouched(refused_run, "FAILED:PluginLoadError.AbiMismatch", before);
    EXPECT_NE(refused_run.failure_detail().find(dir.string()), std::string::npos) << refused_run.describe();
    EXPECT_EQ(refused_run.pulse().rfind("❌", 0), 0u) << refused_run.describe();
  }

  // No factory of a refused plugin ever ran; the good one's did.
  EXPECT_TRUE(markers.created("libfx_ok_source.so"));
  for (const Want& w : refused) EXPECT_FALSE(markers.created(w.file)) << w.file << "'s factory was called";
  EXPECT_EQ(markers.all_created(), std::vector<std::string>{"libfx_ok_source.so.created"});
  // ... and none was even loaded: refused on the section table, before any of
  // its code (static initializers included) ran.
  EXPECT_EQ(markers.all_loaded(), std::vector<std::string>{"libfx_ok_source.so.loaded"});

  // I5: the same feed again writes nothing.
  const CaseRun again = plugin_case::run_pipeline(config, "p_ok", scratch());
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.rows_written(), 0) << again.describe();
}

}  // namespace
}  // namespace tecsync::cases
