// The same catalog as API pages and as the reseller sheet must leave Odoo in
// the same state for the SKUs the sheet carries (it lists USD items only).

#include <gtest/gtest.h>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using FlashSheet = EndToEndTest;

TEST_F(FlashSheet, SheetAndApiGiveTheSameOdooState) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 2000, 12, tmp_.path());
  const Decimal cotiza = read_cotiza(catalog / "api/login.json");
  const auto rows = read_expected(catalog / "expected.csv");
  const auto want = expected_products(rows, Decimal::from_int(30), cotiza);
  const auto usd = only_currency(rows, want, "USD");
  ASSERT_LT(usd.size(), want.size()) << "the generator should price some items in ARS";

  AirServerOptions air_options;
  air_options.root = catalog;
  AirServer air(air_options);

  TestDatabase api_db("sheet_cmp_api");
  api_db.load_odoo(catalog / "expected.csv", tmp_.path());
  FlashConfig api;
  api.url = air.url("/v2/");
  api.dsn = api_db.conninfo();
  const auto api_run = run_flash(write_flash_config(tmp_.path(), "api.conf", api), tmp_.path());
  ASSERT_EQ(api_run.process.exit_code, 0) << api_run.process.describe();

  TestDatabase sheet_db("sheet_cmp_sheet");
  sheet_db.load_odoo(catalog / "expected.csv", tmp_.path());
  const auto before_sheet = snapshot_odoo(sheet_db.conninfo());
  FlashConfig sheet;
  sheet.form = "sheet";
  sheet.url = air.url("/sheet/catalog.csv");
  sheet.warehouse_cba = "CBA";
  sheet.warehouse_bue = "BS AS|LUG";  // BS AS, else LUG when BS AS ≤ 0
  sheet.rate = "fixed:" + cotiza.to_string(2);
  sheet.dsn = sheet_db.conninfo();
  const auto sheet_run = run_flash(write_flash_config(tmp_.path(), "sheet.conf", sheet), tmp_.path());
  ASSERT_EQ(sheet_run.process.exit_code, 0) << sheet_run.process.describe();

  const auto api_state = snapshot_odoo(api_db.conninfo());
  const auto sheet_state = snapshot_odoo(sheet_db.conninfo());
  EXPECT_TRUE(state_matches(sheet_state, usd));
  EXPECT_TRUE(same_state_for(api_state, sheet_state, usd));

  // ARS items are not in the sheet: their price stays what it was.
  for (const auto& row : rows) {
    if (row.currency != "ARS") continue;
    EXPECT_EQ(sheet_state.at(row.sku).list_price, before_sheet.at(row.sku).list_price) << row.sku;
  }
}

}  // namespace
}  // namespace tecsync::it
