// Case 028: files in plugin_path that are not usable plugins (factory hidden,
// factory under its mangled name only, an empty ELF, a text file named .so)
// next to a correct one. Each is refused with its own class, the path and the
// loader's reason; the good plugin still loads and its pipeline lands (as in
// 026: OK_WITH_WARNINGS, exit 0, `⚠️ Plugins Refused: 4 …`). A pipeline that
// names one of the bad files fails with its class, and nothing lands.

#include "plugin_case.hpp"

namespace tecsync::cases {
namespace {

using plugin_case::Markers;

TEST_F(Cases, c028_plugin_missing_factory) {
  const std::string url = serve("feed.csv");
  Markers markers(scratch() / "markers");
  const auto dir = plugin_case::make_plugin_dir(
      scratch() / "plugins",
      {"libfx_no_factory.so", "libfx_mangled.so", "libfx_empty.so", "not_a_plugin.so", "libfx_ok_source.so"});
  const auto config = plugin_case::write_config(scratch() / "c028.conf", dir, url, odoo().conninfo(),
                                                {{"ok", "fx_ok_source", {}},
                                                 {"nofactory", "fx_no_factory", {}},
                                                 {"mangled", "fx_mangled", {}},
                                                 {"empty", "fx_empty", {}},
                                                 {"text", "not_a_plugin", {}}});

  const auto listing = it::run_tecsync({"plugins", "--config", config.string()}, scratch());
  EXPECT_EQ(listing.exit_code, 1) << listing.describe();
  const std::string ok = plugin_case::plugins_line(listing, "libfx_ok_source.so");
  EXPECT_EQ(ok.rfind("loaded", 0), 0u) << listing.describe();
  struct Want {
    const char* file;
    const char* cls;
    std::vector<std::string> contains;
    const char* pipeline;
  };
  const std::vector<Want> refused{
      {"libfx_no_factory.so", "MissingSymbol", {"does not export 'tecsync_create'", "TECSYNC_SOURCE"}, "p_nofactory"},
      {"libfx_mangled.so",
       "MissingSymbol",
       {"does not export 'tecsync_create'", "a symbol with a similar name exists",
        "_ZN8fx_entry14tecsync_createERKN7tecsync12HostServicesERNS0_14PluginInstanceE"},
       "p_mangled"},
      {"libfx_empty.so", "MissingSymbol", {"exports no ABI version or factory", "not a tecsync plugin"}, "p_empty"},
      {"not_a_plugin.so",
       "NotALibrary",
       {"is not a loadable library", "invalid ELF header", "this is not a shared obj"},
       "p_text"},
  };
  for (const Want& w : refused) {
    const std::string line = plugin_case::plugins_line(listing, w.file);
    EXPECT_EQ(line.rfind("refused " + (dir / w.file).string() + " PluginLoadError." + w.cls + ": ", 0), 0u)
        << w.file << "\n"
        << listing.describe();
    EXPECT_NE(line.find("plugin " + (dir / w.file).string()), std::string::npos)
        << "the reason names the path: " << line;
    for (const auto& c : w.contains) EXPECT_NE(line.find(c), std::string::npos) << "'" << c << "' missing: " << line;
  }

  const CaseRun run = plugin_case::run_pipeline(config, "p_ok", scratch());
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(run.status(), "OK_WITH_WARNINGS") << run.describe();
  EXPECT_EQ(run.pulse().rfind("⚠️ Plugins Refused: 4 file(s)", 0), 0u) << run.describe();
  EXPECT_EQ(odoo().price("MF-2701"), "1.60");
  EXPECT_EQ(odoo().qty("MF-2701", kCordoba), "200");
  EXPECT_EQ(odoo().qty("MF-2701", kBuenosAires), "150");
  EXPECT_TRUE(odoo().quants_invariant_i4());

  const std::string before = odoo().snapshot();
  for (const Want& w : refused) {
    const CaseRun bad = plugin_case::run_pipeline(config, w.pipeline, scratch());
    expect_untouched(bad, std::string("FAILED:PluginLoadError.") + w.cls, before);
    EXPECT_NE(bad.failure_detail().find((dir / w.file).string()), std::string::npos) << bad.describe();
  }

  // No marker except the good plugin's: no null or hidden factory was ever called.
  EXPECT_EQ(markers.all_created(), std::vector<std::string>{"libfx_ok_source.so.created"});
  // The files without a factory alias were refused from their section table
  // and never loaded either.
  EXPECT_EQ(markers.all_loaded(), std::vector<std::string>{"libfx_ok_source.so.loaded"});

  const CaseRun again = plugin_case::run_pipeline(config, "p_ok", scratch());
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(again.rows_written(), 0) << again.describe();
}

}  // namespace
}  // namespace tecsync::cases
