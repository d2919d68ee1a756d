// The sink on the reference fixtures (Odoo 17, Odoo 18, each with the
// sale/purchase/account columns), when the shared folder is present.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/odoo_fixture.hpp"

using namespace tecsync;
using namespace tecsync::pgtest;

namespace {
const std::string kShared = TECSYNC_SHARED_ODOO_FIXTURES;

void run_on(const std::vector<std::string>& files) {
  for (const auto& f : files)
    if (!std::filesystem::exists(f)) GTEST_SKIP() << f << " not present (the shared fixtures are optional)";
  OdooFixture f(files);
  f.db.exec("ALTER TABLE product_template ADD COLUMN x_tecsync_pulse varchar");
  f.add_product("S-1", true, "air", "10");
  f.add_quant("S-1", kCba, "1");
  f.add_product("S-2", true, "air", "10");
  OfferBatch b;
  b.offers = {offer("S-1", "12.34", "7", "0"), offer("S-2", "5", "0", "3")};
  CycleSummary s;
  Status st = run_cycle(f.config(), b, s);
  ASSERT_TRUE(st) << st.error_class << ": " << st.detail;
  EXPECT_EQ(f.price("S-1"), "12.34");
  EXPECT_EQ(f.qty("S-1", kCba), "7.00");
  EXPECT_EQ(f.qty("S-2", kBue), "3.00");
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s2));
  EXPECT_EQ(s2.rows_written, 0);
}
}  // namespace

TEST(OdooSqlSchemas, Odoo17Reference) { run_on({kShared + "/odoo17_schema.sql"}); }
TEST(OdooSqlSchemas, Odoo17WithSalePurchase) {
  run_on({kShared + "/odoo17_schema.sql", kShared + "/with_sale_purchase.sql"});
}
TEST(OdooSqlSchemas, Odoo18Reference) { run_on({kShared + "/odoo18_schema.sql"}); }
TEST(OdooSqlSchemas, Odoo18WithSalePurchase) {
  run_on({kShared + "/odoo18_schema.sql", kShared + "/with_sale_purchase.sql"});
}
