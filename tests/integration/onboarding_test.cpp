// Onboarding by config (issue 5, part 5): the invented supplier Nortedata —
// a bearer-token JSON API with cursor pages, prices as text with decimal
// commas, `U$S`/`$` currencies and stock per named warehouse — lands in the
// real Odoo schema through the generic json_feed source, driven by the shipped
// configs/examples/nortedata.conf alone (its CHANGE lines filled in), no code.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "support/fixture.hpp"
#include "support/loopback_server.hpp"
#include "support/process.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

const std::string kFixtures = TECSYNC_IT_REPO "/tests/fixtures";

// tests/servers/nortedata_server.py, accepting `token`, for the caller's scope.
LoopbackServerProcess nortedata_server(const std::string& token) {
  return LoopbackServerProcess({TECSYNC_IT_PYTHON, TECSYNC_IT_REPO "/tests/servers/nortedata_server.py", "--root",
                                kFixtures + "/suppliers/nortedata", "--token", token, "--port", "0"},
                               "the Nortedata test server");
}

// The shipped conf.d file with its CHANGE lines filled in (as an admin would),
// after a [tecsync] section pointing at the build tree's plugins.
std::filesystem::path write_config(const std::filesystem::path& dir, const std::string& url, const std::string& dsn) {
  std::ifstream in(TECSYNC_IT_REPO "/configs/examples/nortedata.conf");
  std::ostringstream out;
  out << "[tecsync]\nplugin_path = " << TECSYNC_IT_PLUGIN_DIR << "\n\n";
  int filled = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("url = ", 0) == 0) {
      line = "url = " + url;
      ++filled;
    } else if (line.rfind("dsn = ", 0) == 0) {
      line = "dsn = " + dsn;
      ++filled;
    }
    out << line << "\n";
  }
  if (filled != 2) throw std::runtime_error("configs/examples/nortedata.conf: expected one url and one dsn line");
  auto path = dir / "tecsync.conf";
  std::ofstream(path) << out.str();
  return path;
}

void load_odoo(const TestDatabase& db, const std::filesystem::path& scratch) {
  auto r = run_process({TECSYNC_IT_PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "currency=ARS", "-d", db.conninfo(),
                        "-f", kFixtures + "/odoo/odoo17.sql", "-f", kFixtures + "/odoo/pulse_field.sql", "-f",
                        kFixtures + "/odoo/seed_air.sql", "-f", kFixtures + "/suppliers/nortedata/seed_nortedata.sql"},
                       scratch);
  if (r.exit_code != 0) throw std::runtime_error("loading the Odoo fixtures failed: " + r.describe());
}

struct Row {
  std::string list_price, rosario, mendoza;
  bool operator==(const Row&) const = default;
};

// default_code → list price and on hand in both Nortedata locations.
std::map<std::string, Row> nortedata_state(const std::string& conninfo) {
  pqxx::connection c(conninfo);
  pqxx::read_transaction tx(c);
  std::map<std::string, Row> out;
  for (const auto& r : tx.exec(R"(
      SELECT p.default_code, t.list_price::numeric(16,2)::text,
             (SELECT coalesce(sum(q.quantity), 0)::numeric(16,0)::text FROM stock_quant q JOIN stock_location l
                ON l.id = q.location_id WHERE q.product_id = p.id AND l.complete_name = 'WH/Nortedata Rosario'),
             (SELECT coalesce(sum(q.quantity), 0)::numeric(16,0)::text FROM stock_quant q JOIN stock_location l
                ON l.id = q.location_id WHERE q.product_id = p.id AND l.complete_name = 'WH/Nortedata Mendoza')
        FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
       WHERE p.default_code LIKE 'ND-%')"))
    out[r[0].c_str()] = Row{r[1].c_str(), r[2].c_str(), r[3].c_str()};
  return out;
}

nlohmann::json summary_of(const ProcessResult& p) {
  nlohmann::json last;
  std::istringstream lines(p.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line.front() == '{') last = nlohmann::json::parse(line, nullptr, false);
  return last;
}

using Onboarding = EndToEndTest;

TEST_F(Onboarding, NortedataFlashLandsFromConfigAlone) {
  auto server = nortedata_server("n0rte");
  ::setenv("NORTEDATA_TOKEN", "n0rte", 1);
  TestDatabase db("onboarding_nd");
  load_odoo(db, tmp_.path());
  auto config = write_config(tmp_.path(), server.url("/api/v1/productos"), db.conninfo());

  auto first =
      run_tecsync({"run", "--config", config.string(), "--pipeline", "nortedata_flash", "--json"}, tmp_.path());
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  auto s1 = summary_of(first);
  EXPECT_EQ(s1.value("status", ""), "OK_WITH_WARNINGS") << first.describe();

  // margin 20 %, 1000 ARS per USD, ARS costs at fx 1; ND-2002 has no price, ND-9001 is not in the feed.
  const std::map<std::string, Row> want = {
      {"ND-1001", {"1481400.00", "12", "0"}}, {"ND-1002", {"107.88", "50", "3"}}, {"ND-1003", {"54600.00", "0", "7"}},
      {"ND-2001", {"2520000.00", "0", "0"}},  {"ND-2002", {"10.00", "4", "4"}},   {"ND-3001", {"18900.00", "2", "0"}},
      {"ND-9001", {"10.00", "0", "0"}}};
  auto got = nortedata_state(db.conninfo());
  for (const auto& [sku, row] : want) {
    ASSERT_TRUE(got.count(sku)) << sku;
    EXPECT_EQ(got[sku], row) << sku << ": got " << got[sku].list_price << " / " << got[sku].rosario << " / "
                             << got[sku].mendoza;
  }

  // I5: the same feed again changes nothing.
  auto second =
      run_tecsync({"run", "--config", config.string(), "--pipeline", "nortedata_flash", "--json"}, tmp_.path());
  ASSERT_EQ(second.exit_code, 0) << second.describe();
  EXPECT_EQ(summary_of(second).value("rows_written", -1), 0) << second.describe();
  EXPECT_EQ(nortedata_state(db.conninfo()), got);
}

TEST_F(Onboarding, WrongTokenFailsAndLeavesOdooUntouched) {
  auto server = nortedata_server("n0rte");
  ::setenv("NORTEDATA_TOKEN", "expired", 1);
  TestDatabase db("onboarding_nd_auth");
  load_odoo(db, tmp_.path());
  auto before = nortedata_state(db.conninfo());
  auto config = write_config(tmp_.path(), server.url("/api/v1/productos"), db.conninfo());
  auto run = run_tecsync({"run", "--config", config.string(), "--pipeline", "nortedata_flash", "--json"}, tmp_.path());
  ::setenv("NORTEDATA_TOKEN", "n0rte", 1);
  EXPECT_EQ(run.exit_code, 1) << run.describe();
  auto s = summary_of(run);
  EXPECT_EQ(s.value("status", ""), "FAILED:FeedTransportError.HttpStatus") << run.describe();
  EXPECT_NE(s.value("pulse", "").find("HTTP 401"), std::string::npos) << run.describe();
  EXPECT_EQ(nortedata_state(db.conninfo()), before);
}

}  // namespace
}  // namespace tecsync::it
