// Issue 3 item 7: a plugin that throws mid-stream. libfx_throw_source.so (built
// out of tree against the installed SDK) reads a two-row feed, emits it as one
// batch (the sink stages it), then throws from read(): a std::exception, or an
// int. The SDK's adapter turns either into a failed Status inside the plugin;
// the host names the plugin and the call, ends the cycle FAILED:PluginRuntimeError
// (exit 1), the sink aborts, and Odoo is byte-identical. The fixture's own data
// (not a shared case) is written by the test.

#include <fstream>

#include "plugin_case.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace tecsync::cases {
namespace {

namespace fs = std::filesystem;
using plugin_case::Markers;

class PluginRuntimeError : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!it::test_pg_conninfo())
      FAIL() << "TECSYNC_TEST_PG is not set: this test needs a real PostgreSQL (scripts/test.sh sets it)";
    const fs::path data = tmp_ / "data";
    fs::create_directories(data);
    std::ofstream(data / "odoo_before.csv") << "default_code,template,active,supplier,list_price,qty_cba,qty_bue\n"
                                            << "RT-1,Teclado RT,true,air,3.00,0,0\n"
                                            << "RT-2,Mouse RT,true,air,5.00,7,7\n";
    std::ofstream(data / "feed.csv") << "CODPROV,DESCRIPCIÓN,Part Number,MARCA,RUBRO,COSTO,IVA,CBA,BS AS,FECHA\n"
                                     << "RT-1,Teclado RT,KB-RT,GENIUS,PERIFERICOS,3.30,21,40,40,18/02/2026 15:30\n"
                                     << "RT-2,Mouse RT,MS-RT,GENIUS,PERIFERICOS,5.50,21,1,2,18/02/2026 15:30\n";
    db_ = std::make_unique<it::TestDatabase>("plugin_runtime_error");
    odoo_ = std::make_unique<CaseOdoo>(db_->conninfo(), data, tmp_.path());
    ServeSpec spec;
    spec.body_file = data / "feed.csv";
    server_ = std::make_unique<CaseServer>(spec, tmp_.path());
    const auto dir = plugin_case::make_plugin_dir(tmp_ / "plugins", {"libfx_throw_source.so"});
    config_ = plugin_case::write_config(tmp_ / "rt.conf", dir, server_->url(), db_->conninfo(),
                                        {{"std", "fx_throw_source", {{"throw", "std"}}},
                                         {"other", "fx_throw_source", {{"throw", "other"}}},
                                         {"none", "fx_throw_source", {{"throw", "none"}}}});
  }
  void TearDown() override {
    server_.reset();
    odoo_.reset();
    db_.reset();
  }

  /// Runs `pipeline`, whose source throws after its batch, and checks containment.
  void expect_contained(const std::string& pipeline, const std::string& instance, const std::string& detail) {
    const std::string before = odoo_->snapshot();
    const CaseRun run = plugin_case::run_pipeline(config_, pipeline, tmp_.path());
    EXPECT_EQ(run.exit_code, 1) << run.describe();
    EXPECT_EQ(run.status(), "FAILED:PluginRuntimeError") << run.describe();
    EXPECT_EQ(run.failure_class(), "PluginRuntimeError") << run.describe();
    EXPECT_NE(run.failure_detail().find(detail), std::string::npos) << "'" << detail << "' missing\n" << run.describe();
    const std::string at = run.json.value("failure", nlohmann::json::object()).value("at", "");
    EXPECT_EQ(at, "source '" + instance + "' (plugin fx_throw_source) read()") << run.describe();
    EXPECT_EQ(run.pulse().rfind("❌", 0), 0u) << run.describe();
    EXPECT_EQ(run.count("rows_read"), 2) << "the batch reached the sink before the throw\n" << run.describe();
    EXPECT_EQ(odoo_->snapshot(), before) << "I1: rows staged before the throw landed";
    EXPECT_NE(run.err.find("fx_throw_source"), std::string::npos) << "the log names the plugin\n" << run.err;
  }

  it::TempDir tmp_{"plugin_rt"};
  std::unique_ptr<it::TestDatabase> db_;
  std::unique_ptr<CaseOdoo> odoo_;
  std::unique_ptr<CaseServer> server_;
  fs::path config_;
};

TEST_F(PluginRuntimeError, StdExceptionFromReadAfterABatch) {
  Markers markers(tmp_ / "markers");
  expect_contained("p_std", "std",
                   "plugin 'fx_throw_source' threw in read(): fixture: feed reader blew up after the first batch");
  EXPECT_TRUE(markers.created("libfx_throw_source.so"));
}

TEST_F(PluginRuntimeError, NonStdThrowFromReadAfterABatch) {
  expect_contained("p_other", "other", "plugin 'fx_throw_source' threw a non-standard exception in read()");
}

// Control: the same plugin, not throwing, lands the feed, so the two tests
// above prove containment rather than a batch that never reached the sink.
TEST_F(PluginRuntimeError, SameSourceWithoutThrowLands) {
  const CaseRun run = plugin_case::run_pipeline(config_, "p_none", tmp_.path());
  EXPECT_EQ(run.exit_code, 0) << run.describe();
  EXPECT_EQ(run.status(), "OK") << run.describe();
  EXPECT_EQ(odoo_->price("RT-1"), "3.30");
  EXPECT_EQ(odoo_->price("RT-2"), "5.50");
  EXPECT_EQ(odoo_->qty("RT-2", kBuenosAires), "2");
}

}  // namespace
}  // namespace tecsync::cases
