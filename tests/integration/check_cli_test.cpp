// `tecsync check` and `tecsync plugins --describe` through the real binary and
// plugins: a real PostgreSQL (TECSYNC_TEST_PG) and the fake Air API on loopback.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using CheckCli = EndToEndTest;

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_in(const std::filesystem::path& p, const std::string& from, const std::string& to) {
  std::string t = read_text(p);
  auto at = t.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << p;
  t.replace(at, from.size(), to);
  std::ofstream(p) << t;
}

TEST_F(CheckCli, AllGoodListsWhatItTestedAndALocationMissingFailsNamingIt) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 40, 5, tmp_.path());
  TestDatabase db("check_cli");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  const auto conf = write_flash_config(tmp_.path(), "tecsync.conf", flash_config_for(air, db));

  auto ok = run_tecsync({"check", "--config", conf.string()}, tmp_.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.describe();
  for (const char* line :
       {"✅ config: ", "✅ plugins: ", "✅ source air (plugin air): ", "✅ transform pricing (plugin pricing): rate = air",
        "✅ sink odoo (plugin odoo_sql): Odoo database reachable",
        "✅ sink odoo (plugin odoo_sql): location.S_CBA: stock.location 'WH/Air Córdoba' present",
        "✅ sink odoo (plugin odoo_sql): supplier 'Air Computers' present"})
    EXPECT_NE(ok.out.find(line), std::string::npos) << "missing '" << line << "'\n" << ok.describe();
  EXPECT_EQ(ok.out.find("❌"), std::string::npos) << ok.describe();
  // The test config has the Air password written in: a warning, never the value.
  EXPECT_NE(ok.out.find("[source.air] password holds a literal password"), std::string::npos) << ok.describe();
  EXPECT_EQ(ok.out.find("s3cret"), std::string::npos) << ok.describe();

  auto json = run_tecsync({"check", "--config", conf.string(), "--pipeline", "air_flash", "--json"}, tmp_.path());
  EXPECT_EQ(json.exit_code, 0) << json.describe();
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_GE(j["items"].size(), 6u) << json.out;

  replace_in(conf, "WH/Air Buenos Aires", "WH/Air Rosario");
  auto missing = run_tecsync({"check", "--config", conf.string()}, tmp_.path());
  EXPECT_EQ(missing.exit_code, 1) << missing.describe();
  EXPECT_NE(missing.out.find("❌ sink odoo (plugin odoo_sql): "), std::string::npos) << missing.describe();
  EXPECT_NE(missing.out.find("'WH/Air Rosario' (location.S_BUE) does not exist"), std::string::npos)
      << missing.describe();
}

TEST_F(CheckCli, MisspelledKeyExitsTwoNamingFileLineAndKeyInMainFileAndConfD) {
  FlashConfig config;
  config.url = "http://127.0.0.1:9/v2/";
  config.dsn = "host=127.0.0.1 port=9 dbname=none";
  const auto conf = write_flash_config(tmp_.path(), "tecsync.conf", config);
  replace_in(conf, "margin_percent", "margn_percent");
  const std::string want = conf.string() +
                           ":21: unknown key 'margn_percent' in [transform.pricing] (plugin pricing); did you mean "
                           "'margin_percent'?";
  auto check = run_tecsync({"check", "--config", conf.string()}, tmp_.path());
  EXPECT_EQ(check.exit_code, 2) << check.describe();
  EXPECT_NE(check.out.find("❌ config: " + want), std::string::npos) << check.describe();
  EXPECT_NE(check.out.find("connectivity: not tested"), std::string::npos) << check.describe();
  auto run = run_tecsync({"run", "--config", conf.string(), "--pipeline", "air_flash"}, tmp_.path());
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_NE(run.err.find(want), std::string::npos) << run.describe();

  replace_in(conf, "margn_percent", "margin_percent");
  std::filesystem::create_directories(tmp_ / "conf.d");
  std::ofstream(tmp_ / "conf.d" / "pricing.conf") << "; site overrides\n[transform.pricing]\nroundin = 1\n";
  auto confd = run_tecsync({"check", "--config", conf.string()}, tmp_.path());
  EXPECT_EQ(confd.exit_code, 2) << confd.describe();
  EXPECT_NE(confd.out.find((tmp_ / "conf.d" / "pricing.conf").string() +
                           ":3: unknown key 'roundin' in [transform.pricing] (plugin pricing); did you mean "
                           "'rounding'?"),
            std::string::npos)
      << confd.describe();
}

TEST_F(CheckCli, DescribePrintsEveryDeclaredKey) {
  FlashConfig config;
  const auto conf = write_flash_config(tmp_.path(), "tecsync.conf", config);
  auto text = run_tecsync({"plugins", "--config", conf.string(), "--describe", "odoo_sql"}, tmp_.path());
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  for (const char* s : {"plugin: odoo_sql", "kind: sink", "version: ", "dry_run: yes", "dsn ", "required", "location.*",
                        "lock_timeout", "default 5", "absent_min_coverage"})
    EXPECT_NE(text.out.find(s), std::string::npos) << s << "\n" << text.describe();
  auto json = run_tecsync({"plugins", "--config", conf.string(), "--describe", "pricing", "--json"}, tmp_.path());
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["kind"], "transform");
  bool margin = false;
  for (const auto& k : j["keys"])
    if (k["name"] == "margin_percent") margin = k["type"] == "decimal" && k["default"] == "0" && !k["required"];
  EXPECT_TRUE(margin) << json.out;
  auto none = run_tecsync({"plugins", "--config", conf.string(), "--describe", "odoo_sqll"}, tmp_.path());
  EXPECT_EQ(none.exit_code, 2) << none.describe();
  EXPECT_NE(none.err.find("no plugin named 'odoo_sqll'"), std::string::npos) << none.describe();
}

}  // namespace
}  // namespace tecsync::it
