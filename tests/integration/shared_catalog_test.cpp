// Cross-check against the shared generator (../shared/fixtures/air/gen_catalog.py),
// written independently of the project's own: a parser that agreed with a
// wrong generator of ours cannot also agree with this one.

#include <gtest/gtest.h>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/process.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using SharedCatalog = EndToEndTest;

TEST_F(SharedCatalog, OdooMatchesTheSharedGeneratorsExpectedCsv) {
  const auto shared = shared_dir();
  if (!shared) GTEST_SKIP() << "TECSYNC_SHARED_DIR is unset or not a folder: no shared generator to cross-check with";
  const auto generator = *shared / "fixtures/air/gen_catalog.py";
  ASSERT_TRUE(std::filesystem::exists(generator)) << generator;

  const auto catalog = tmp_ / "shared-catalog";
  const auto gen = run_process({TECSYNC_IT_PYTHON, generator.string(), "--count", "2000", "--seed", "3", "--out",
                                catalog.string(), "--forms", "api"},
                               tmp_.path());
  ASSERT_EQ(gen.exit_code, 0) << gen.describe();

  TestDatabase db("shared_catalog");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  AirServer air(catalog_options(catalog));
  const auto outcome = run_flash(write_flash_config(tmp_.path(), "flash.conf", flash_config_for(air, db)), tmp_.path());
  ASSERT_EQ(outcome.process.exit_code, 0) << outcome.process.describe();

  const auto rows = read_expected(catalog / "expected.csv");
  ASSERT_EQ(rows.size(), 2000u);
  const auto want = expected_products(rows, Decimal::from_int(30), read_cotiza(catalog / "api/login.json"));
  EXPECT_TRUE(state_matches(snapshot_odoo(db.conninfo()), want));
}

}  // namespace
}  // namespace tecsync::it
