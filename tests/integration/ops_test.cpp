// Operations end to end on a real PostgreSQL: `tecsync dry-run` changes nothing
// in Odoo (checksums of product_template and stock_quant), lists the changes
// and says the same twice; `tecsync status` lists the two runs that followed;
// the metrics file matches the run.

#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using Ops = EndToEndTest;

std::string scalar(const std::string& conninfo, const std::string& sql) {
  pqxx::connection c{conninfo};
  pqxx::nontransaction tx{c};
  pqxx::result r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
}

// Every column of every row, in id order: any write (even write_date) shows.
std::string odoo_checksum(const std::string& conninfo) {
  return scalar(conninfo,
                "SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM product_template t) || ' ' || "
                "       (SELECT coalesce(md5(string_agg(q::text, '|' ORDER BY q.id)), 'none') FROM stock_quant q)");
}

// The output from `would change:` on (the summary above it has times in it).
std::string changes_part(const std::string& out) {
  auto at = out.find("would change: ");
  return at == std::string::npos ? std::string() : out.substr(at);
}

std::filesystem::path with_tecsync_key(const std::filesystem::path& conf, const std::string& line) {
  std::ifstream in(conf);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  const auto at = s.find("[tecsync]\n");
  s.insert(at == std::string::npos ? 0 : at + 10, (at == std::string::npos ? "[tecsync]\n" : "") + line + "\n");
  std::ofstream(conf) << s;
  return conf;
}

TEST_F(Ops, DryRunChangesNothingAndListsTheChangesTwiceAlike) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 300, 51, tmp_.path());
  TestDatabase db("ops_dry");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  const auto conf = write_flash_config(tmp_.path(), "flash.conf", flash_config_for(air, db));
  const std::string before = odoo_checksum(db.conninfo());

  const auto first =
      run_tecsync({"dry-run", "--config", conf.string(), "--pipeline", "air_flash", "--limit", "5"}, tmp_.path());
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  EXPECT_EQ(odoo_checksum(db.conninfo()), before) << "a dry run changed Odoo";
  EXPECT_EQ(scalar(db.conninfo(), "SELECT to_regclass('tecsync.cycle')::text"), "") << "a dry run was recorded";
  const std::string listed = changes_part(first.out);
  ASSERT_FALSE(listed.empty()) << first.out;
  const long total = std::stol(listed.substr(14));
  ASSERT_GT(total, 5) << first.out;
  std::istringstream lines(listed);
  std::string line;
  std::getline(lines, line);  // would change: N
  int detailed = 0;
  while (std::getline(lines, line) && line.rfind("  SKU ", 0) == 0) {
    ++detailed;
    EXPECT_NE(line.find(" → "), std::string::npos) << line;
  }
  EXPECT_EQ(detailed, 5) << listed;
  EXPECT_EQ(line, "  … and " + std::to_string(total - 5) + " more") << listed;
  EXPECT_NE(first.out.find("status: OK"), std::string::npos) << first.out;

  const auto second =
      run_tecsync({"dry-run", "--config", conf.string(), "--pipeline", "air_flash", "--limit", "5"}, tmp_.path());
  ASSERT_EQ(second.exit_code, 0) << second.describe();
  EXPECT_EQ(changes_part(second.out), listed);
  EXPECT_EQ(odoo_checksum(db.conninfo()), before);

  const auto json =
      run_tecsync({"dry-run", "--config", conf.string(), "--pipeline", "air_flash", "--json"}, tmp_.path());
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["changes_total"], total);
  EXPECT_EQ(j["changes"].size(), std::min<std::size_t>(20, static_cast<std::size_t>(total)));
  EXPECT_EQ(j["counts"]["changes"], total);
  EXPECT_EQ(odoo_checksum(db.conninfo()), before);

  // The real run then writes what the dry run announced (as many prices changed).
  const auto run = run_flash(conf, tmp_.path());
  ASSERT_EQ(run.process.exit_code, 0) << run.process.describe();
  EXPECT_EQ(run.summary->at("counts").at("prices_changed"), j["counts"]["prices_changed"]);
  EXPECT_EQ(run.rows_written(), j["rows_written"].get<long>());
}

TEST_F(Ops, StatusListsTheLastRunsNewestFirstAndMetricsMatch) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 120, 52, tmp_.path());
  TestDatabase db("ops_status");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  FlashConfig config = flash_config_for(air, db);
  const auto metrics = tmp_ / "metrics";
  std::filesystem::create_directories(metrics);
  const auto conf =
      with_tecsync_key(write_flash_config(tmp_.path(), "flash.conf", config), "metrics_dir = " + metrics.string());
  const auto r1 = run_flash(conf, tmp_.path());
  ASSERT_EQ(r1.process.exit_code, 0) << r1.process.describe();
  const auto r2 = run_flash(conf, tmp_.path());
  ASSERT_EQ(r2.process.exit_code, 0) << r2.process.describe();
  ASSERT_GT(r1.rows_written(), 0);
  ASSERT_EQ(r2.rows_written(), 0);

  const auto st = run_tecsync({"status", "--config", conf.string(), "--json"}, tmp_.path());
  ASSERT_EQ(st.exit_code, 0) << st.describe();
  auto j = nlohmann::json::parse(st.out);
  ASSERT_EQ(j["pipelines"].size(), 1u) << st.out;
  const auto& p = j["pipelines"][0];
  EXPECT_EQ(p["pipeline"], "air_flash");
  EXPECT_TRUE(p["error"].is_null());
  ASSERT_EQ(p["cycles"].size(), 2u) << st.out;
  EXPECT_EQ(p["cycles"][0]["status"], r2.status());
  EXPECT_EQ(p["cycles"][0]["pulse"], r2.pulse());
  EXPECT_EQ(p["cycles"][0]["rows_written"], 0);
  EXPECT_EQ(p["cycles"][1]["status"], r1.status());
  EXPECT_EQ(p["cycles"][1]["pulse"], r1.pulse());
  EXPECT_EQ(p["cycles"][1]["rows_written"].get<long>(), r1.rows_written());
  EXPECT_EQ(p["cycles"][1]["strategy"], "flash");
  EXPECT_LE(p["cycles"][1]["started_at"].get<std::string>(), p["cycles"][0]["started_at"].get<std::string>());

  const auto text = run_tecsync({"status", "--config", conf.string(), "--limit", "1"}, tmp_.path());
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_EQ(text.out.rfind("air_flash (sink odoo, plugin odoo_sql): 1 cycle(s)\n", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("  flash  " + r2.status() + "  rows_written 0  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("    " + r2.pulse() + "\n"), std::string::npos) << text.out;

  std::ifstream prom(metrics / "tecsync_air_flash.prom");
  std::stringstream body;
  body << prom.rdbuf();
  EXPECT_NE(body.str().find("tecsync_cycle_rows_written{pipeline=\"air_flash\"} 0\n"), std::string::npos) << body.str();
  EXPECT_NE(body.str().find("tecsync_cycle_status{pipeline=\"air_flash\",status=\"" + r2.status() + "\"} 1\n"),
            std::string::npos)
      << body.str();
}

}  // namespace
}  // namespace tecsync::it
