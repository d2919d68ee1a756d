// Case 008: blank CODPROVs are BLANK_SKU (and suppress absent zeroing); space,
// NBSP and TAB padding is trimmed on both sides; an inner space is kept.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c008_blank_whitespace_sku) {
  RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  expect_odoo(odoo(), {{"GX-7001", "5.60", "20", "20"},
                       {"KIT 01", "13.90", "7", "1"},
                       {"GX-7003", "6.20", "15", "3"},
                       {"GX-7004 ", "3.20", "40", "0"},  // Odoo's code has a trailing space
                       {"GX-7009", "8.00", "5", "5"}});  // absent, zeroing suppressed
  EXPECT_EQ(reported_rows(odoo()), sorted({"reject 4  BLANK_SKU", "reject 5  BLANK_SKU"})) << dump_reported(odoo());
  expect_absent_suppressed(r, "unreadable SKU");
  EXPECT_EQ(r.count("unknown_sku"), 0) << r.describe();  // GX-7001/GX-7003 matched after trimming
  // Nothing created, nothing renamed: no '', '   ', NULL or 'KIT01' codes.
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM product_product"), "5");
  EXPECT_EQ(odoo().variants("KIT01"), 0);
  EXPECT_EQ(odoo().variants("KIT 01"), 1);
  EXPECT_EQ(
      odoo().scalar("SELECT count(*) FROM product_product WHERE default_code IS NULL OR btrim(default_code) = ''"),
      "0");
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
