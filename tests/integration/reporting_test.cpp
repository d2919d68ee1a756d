// What a run reports, end to end: the printed status and pulse are exactly the
// row in tecsync.cycle (also for FAILED cycles, also when the feed failed
// before the sink began), setup errors exit 2 before the catalog is downloaded,
// log lines are plain outside systemd, and the example sheet config reads a
// sheet whose columns are named after the warehouse codes.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using Reporting = EndToEndTest;

std::string scalar(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c{conninfo};
  pqxx::nontransaction tx{c};
  pqxx::result r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
}

// The last cycle row as `status | pulse`.
std::string last_cycle(const TestDatabase& db) {
  return scalar(db.conninfo(), "SELECT status || ' | ' || pulse FROM tecsync.cycle ORDER BY id DESC LIMIT 1");
}

std::string printed(const RunOutcome& o) { return o.status() + " | " + o.pulse(); }

TEST_F(Reporting, TheHistoryRowIsWhatTheRunPrinted) {
  unsetenv("JOURNAL_STREAM");
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 600, 41, tmp_.path());
  TestDatabase db("report_ok");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  const auto conf = write_flash_config(tmp_.path(), "flash.conf", flash_config_for(air, db));
  for (int run = 0; run < 2; ++run) {
    const auto o = run_flash(conf, tmp_.path());
    ASSERT_EQ(o.process.exit_code, 0) << o.process.describe();
    EXPECT_EQ(last_cycle(db), printed(o)) << o.process.describe();
    // A warning status never comes with a success pulse, and the other way round.
    EXPECT_EQ(o.status() == "OK", o.pulse().rfind("✅ Success", 0) == 0) << printed(o);
    // The history's duration is the printed one (both from the cycle's start).
    const double seconds = o.summary->at("seconds").get<double>();
    const double recorded = std::stod(scalar(
        db.conninfo(), "SELECT extract(epoch FROM ended_at - started_at) FROM tecsync.cycle ORDER BY id DESC LIMIT 1"));
    EXPECT_LE(recorded, seconds + 0.05) << seconds;
    EXPECT_GE(recorded, seconds - 1.0) << seconds;
  }
  // Not under systemd: no `<N>` journald prefixes in the log.
  const auto o = run_flash(conf, tmp_.path());
  EXPECT_EQ(o.process.err.find("<6>"), std::string::npos) << o.process.err;
  EXPECT_NE(o.process.err.find("info [host] cycle air_flash"), std::string::npos) << o.process.err;
}

TEST_F(Reporting, AFeedFailingBeforeTheSinkBeganIsRecorded) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 50, 42, tmp_.path());
  TestDatabase db("report_unbegun");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  const auto before = snapshot_odoo(db.conninfo());
  AirServerOptions air_options = catalog_options(catalog);
  air_options.password = "right-one";
  AirServer air(air_options);
  FlashConfig config = flash_config_for(air, db);
  config.password = "wrong-one";  // login fails: no facts, no begin
  const auto o = run_flash(write_flash_config(tmp_.path(), "flash.conf", config), tmp_.path());
  ASSERT_EQ(o.process.exit_code, 1) << o.process.describe();
  EXPECT_EQ(o.status().rfind("FAILED:", 0), 0u) << printed(o);
  EXPECT_EQ(last_cycle(db), printed(o));
  EXPECT_FALSE(scalar(db.conninfo(), "SELECT failure_point FROM tecsync.cycle").empty());
  EXPECT_TRUE(before == snapshot_odoo(db.conninfo())) << "a failed cycle changed Odoo";
}

TEST_F(Reporting, AnEmptyFeedIsRecordedAsFailed) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 50, 43, tmp_.path());
  TestDatabase db("report_empty");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  // Keep the login, drop every page: page 0 answers [].
  for (const auto& e : std::filesystem::directory_iterator(catalog / "api"))
    if (e.path().filename() != "login.json") std::filesystem::remove(e.path());
  AirServer air(catalog_options(catalog));
  const auto o = run_flash(write_flash_config(tmp_.path(), "flash.conf", flash_config_for(air, db)), tmp_.path());
  ASSERT_EQ(o.process.exit_code, 1) << o.process.describe();
  EXPECT_EQ(o.status(), "FAILED:FeedEmpty");
  EXPECT_EQ(last_cycle(db), printed(o));
}

TEST_F(Reporting, AMissingLocationExitsTwoBeforeTheCatalogIsDownloaded) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 1200, 44, tmp_.path());
  TestDatabase db("report_location");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  scalar(db.conninfo(),
         "UPDATE stock_location SET complete_name = 'WH/Air Rosario', name = 'Air Rosario' "
         "WHERE complete_name = 'WH/Air Córdoba'");
  AirServerOptions air_options = catalog_options(catalog);
  air_options.log = tmp_ / "air-requests.log";
  AirServer air(air_options);
  const auto o = run_flash(write_flash_config(tmp_.path(), "flash.conf", flash_config_for(air, db)), tmp_.path());
  EXPECT_EQ(o.process.exit_code, 2) << o.process.describe();  // setup an admin must fix (README, --help)
  EXPECT_EQ(o.status(), "FAILED:TargetCheckError");
  EXPECT_NE(o.pulse().find("Inventory → Configuration → Locations"), std::string::npos) << o.pulse();
  EXPECT_EQ(last_cycle(db), printed(o));
  const auto requests = air.requests();
  int logins = 0, pages = 0;
  for (const auto& r : requests) {
    if (r.dump().find("login") != std::string::npos) ++logins;
    if (r.dump().find("syp") != std::string::npos) ++pages;
  }
  EXPECT_EQ(logins, 1) << requests.size() << " request(s)";
  EXPECT_EQ(pages, 0) << "the sink should have begun (and failed) right after login";
}

TEST_F(Reporting, UnderSystemdLogLinesCarryTheJournaldPriority) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 50, 45, tmp_.path());
  TestDatabase db("report_journal");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  FlashConfig config = flash_config_for(air, db);
  setenv("JOURNAL_STREAM", "8:12345", 1);
  const auto o = run_flash(write_flash_config(tmp_.path(), "flash.conf", config), tmp_.path());
  unsetenv("JOURNAL_STREAM");
  ASSERT_EQ(o.process.exit_code, 0) << o.process.describe();
  EXPECT_NE(o.process.err.find("<6>info [host] cycle air_flash"), std::string::npos) << o.process.err;
}

// configs/examples/air_flash_sheet.conf as shipped (only the sink's dsn and the port
// changed) on a sheet whose Córdoba column is named `S_CBA`.
TEST_F(Reporting, TheExampleSheetConfigReadsWarehouseCodeColumns) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 300, 46, tmp_.path());
  TestDatabase db("report_sheet_conf");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  const auto sheet = catalog / "sheet" / "catalog.csv";
  std::string text;
  {
    std::ifstream in(sheet, std::ios::binary);
    std::ostringstream b;
    b << in.rdbuf();
    text = b.str();
  }
  const auto eol = text.find('\n');
  std::string header = text.substr(0, eol);
  const auto at = header.find(";CBA;");
  ASSERT_NE(at, std::string::npos) << header;
  header.replace(at, 5, ";S_CBA;");
  std::ofstream(sheet, std::ios::binary) << header << text.substr(eol);
  AirServerOptions air_options;
  air_options.root = catalog;
  AirServer air(air_options);

  std::ifstream in(std::filesystem::path(TECSYNC_IT_REPO) / "configs" / "examples" / "air_flash_sheet.conf");
  std::ostringstream conf;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("dsn = ", 0) == 0) line = "dsn = " + db.conninfo();
    if (line.rfind("; plugin_path", 0) == 0) line = std::string("plugin_path = ") + TECSYNC_IT_PLUGIN_DIR;
    conf << line << "\n";
  }
  const auto path = tmp_ / "sheet.conf";
  std::ofstream(path) << conf.str();
  setenv("AIR_PORT", std::to_string(air.port()).c_str(), 1);
  const auto o = run_flash(path, tmp_.path());
  unsetenv("AIR_PORT");
  ASSERT_EQ(o.process.exit_code, 0) << o.process.describe();
  const auto rows = read_expected(catalog / "expected.csv");
  const auto state = snapshot_odoo(db.conninfo());
  int checked = 0;
  for (const auto& r : rows) {
    if (r.currency != "USD") continue;
    EXPECT_EQ(state.at(r.sku).cba, r.cba) << r.sku;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace tecsync::it
