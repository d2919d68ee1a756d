// Flash sync over the Air API, end to end: generated catalog → fake Air over
// loopback HTTP → the real tecsync binary and plugins → a fresh Odoo database.

#include <gtest/gtest.h>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using FlashApi = EndToEndTest;

const Decimal kMargin = Decimal::from_int(30);

// Each product's pulse says what happened to it: No Stock when every mapped
// quantity is 0, else Success (the generator has no priceless items).
::testing::AssertionResult pulses_follow_stock(const OdooState& state,
                                               const std::map<std::string, ExpectedProduct>& expected) {
  int bad = 0;
  std::string first;
  for (const auto& [sku, want] : expected) {
    const auto& pulse = state.at(sku).pulse;
    const char* head = (want.cba.is_zero() && want.bue.is_zero()) ? "⚠️ No Stock" : "✅ Success";
    if (!pulse || pulse->rfind(head, 0) != 0) {
      if (bad++ == 0) first = sku + ": pulse '" + pulse.value_or("<null>") + "', want it to start with " + head;
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << bad << " products with the wrong pulse; first: " << first;
}

TEST_F(FlashApi, PricesAndStockLandAndASecondRunChangesNothing) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 2000, 11, tmp_.path());
  TestDatabase db("flash_api");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServerOptions air_options;
  air_options.root = catalog;
  air_options.log = tmp_ / "air.log";
  AirServer air(air_options);

  FlashConfig config;
  config.url = air.url("/v2/");
  config.dsn = db.conninfo();
  const auto conf = write_flash_config(tmp_.path(), "flash.conf", config);

  const auto first = run_flash(conf, tmp_.path());
  ASSERT_EQ(first.process.exit_code, 0) << first.process.describe();
  ASSERT_TRUE(first.summary) << "no JSON summary on stdout: " << first.process.describe();
  EXPECT_TRUE(first.status() == "OK" || first.status() == "OK_WITH_WARNINGS") << first.summary->dump();
  EXPECT_GT(first.rows_written(), 0) << first.summary->dump();

  const auto rows = read_expected(catalog / "expected.csv");
  const auto want = expected_products(rows, kMargin, read_cotiza(catalog / "api/login.json"));
  const auto after_first = snapshot_odoo(db.conninfo());
  EXPECT_TRUE(state_matches(after_first, want));
  EXPECT_TRUE(pulses_follow_stock(after_first, want));

  // What the client sent: a login first, then authorized JSON POSTs from page 0.
  const auto requests = air.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.front()["query"]["q"], "login");
  bool saw_page0 = false;
  for (const auto& r : requests) {
    if (r["method"] != "POST") continue;
    EXPECT_EQ(r["status"], 200) << r.dump();
    EXPECT_TRUE(r["content_type"].is_string() && r["content_type"].get<std::string>().rfind("application/json", 0) == 0)
        << r.dump();
    saw_page0 = saw_page0 || r["query"].value("page", "") == "0";
  }
  EXPECT_TRUE(saw_page0) << "no request for page 0";

  const auto second = run_flash(conf, tmp_.path());
  ASSERT_EQ(second.process.exit_code, 0) << second.process.describe();
  ASSERT_TRUE(second.summary) << second.process.describe();
  EXPECT_EQ(second.rows_written(), 0) << second.summary->dump();
  const auto after_second = snapshot_odoo(db.conninfo());
  EXPECT_TRUE(after_first == after_second) << "the second run changed Odoo (values or write_date)";
}

TEST_F(FlashApi, LogsInAgainOnceWhenTheTokenExpires) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 1200, 21, tmp_.path());  // 3 pages
  TestDatabase db("relogin");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServerOptions air_options;
  air_options.root = catalog;
  air_options.expire_token_after = 1;
  air_options.log = tmp_ / "air.log";
  AirServer air(air_options);

  FlashConfig config;
  config.url = air.url("/v2/");
  config.dsn = db.conninfo();
  const auto outcome = run_flash(write_flash_config(tmp_.path(), "flash.conf", config), tmp_.path());
  ASSERT_EQ(outcome.process.exit_code, 0) << outcome.process.describe();

  int logins = 0, unauthorized = 0;
  for (const auto& r : air.requests()) {
    logins += r["query"].value("q", "") == "login" ? 1 : 0;
    unauthorized += r["status"] == 401 ? 1 : 0;
  }
  EXPECT_EQ(logins, 2);
  EXPECT_EQ(unauthorized, 1);
  const auto want =
      expected_products(read_expected(catalog / "expected.csv"), kMargin, read_cotiza(catalog / "api/login.json"));
  EXPECT_TRUE(state_matches(snapshot_odoo(db.conninfo()), want));
}

}  // namespace
}  // namespace tecsync::it
