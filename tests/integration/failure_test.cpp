// A failed cycle is loud and leaves Odoo exactly as it was.

#include <gtest/gtest.h>

#include "support/air_server.hpp"
#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"
#include "support/test_database.hpp"

namespace tecsync::it {
namespace {

using FlashFailure = EndToEndTest;

TEST_F(FlashFailure, WrongPasswordFailsWithApiErrorAndChangesNothing) {
  const auto catalog = tmp_ / "catalog";
  generate_own_catalog(catalog, 600, 31, tmp_.path());
  TestDatabase db("wrong_password");
  db.load_odoo(catalog / "expected.csv", tmp_.path());
  const auto before = snapshot_odoo(db.conninfo());
  AirServerOptions air_options;
  air_options.root = catalog;
  air_options.password = "right-one";
  AirServer air(air_options);

  FlashConfig config;
  config.url = air.url("/v2/");
  config.password = "wrong-one";
  config.dsn = db.conninfo();
  const auto outcome = run_flash(write_flash_config(tmp_.path(), "flash.conf", config), tmp_.path());

  EXPECT_EQ(outcome.process.exit_code, 1) << outcome.process.describe();
  ASSERT_TRUE(outcome.summary) << outcome.process.describe();
  EXPECT_EQ(outcome.pulse().rfind("❌ API Error", 0), 0u) << outcome.summary->dump();
  EXPECT_EQ(outcome.status().rfind("FAILED", 0), 0u) << outcome.summary->dump();
  // The secret never shows up in what tecsync prints.
  EXPECT_EQ(outcome.process.out.find("wrong-one"), std::string::npos);
  EXPECT_EQ(outcome.process.err.find("wrong-one"), std::string::npos);
  EXPECT_TRUE(before == snapshot_odoo(db.conninfo())) << "a failed cycle changed Odoo";
}

}  // namespace
}  // namespace tecsync::it
