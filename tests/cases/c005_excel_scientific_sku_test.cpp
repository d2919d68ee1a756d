// Case 005: `1.23457E+11` (a numeric CODPROV after Excel) is MANGLED_SKU and never
// matched; `12E4` is ordinary text; the unreadable key suppresses absent zeroing (A2).
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c005_excel_scientific_sku) {
  RunOptions o;
  o.url = serve("feed.csv");
  const std::string before_mangled = odoo().snapshot();
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);

  expect_odoo(odoo(),
              {{"123456789012", "39.90", "7", "7"}, {"12E4", "16.30", "14", "2"}, {"EX-5001", "52.75", "1", "3"}});
  EXPECT_EQ(reported_rows(odoo()), (std::vector<std::string>{"reject 2 1.23457E+11 MANGLED_SKU"}))
      << dump_reported(odoo());
  expect_absent_suppressed(r, "unreadable SKU");
  EXPECT_EQ(outcome_codes(odoo()).count("ABSENT_ZEROED"), 0u) << dump_reported(odoo());
  // Nothing created or renamed from the mangled text.
  EXPECT_EQ(odoo().variants("1.23457E+11"), 0);
  EXPECT_EQ(odoo().variants("123457000000"), 0);
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM product_product"), "3");
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM product_supplierinfo WHERE product_code LIKE '%E+%'"), "0");
  EXPECT_TRUE(odoo().quants_invariant_i4());

  expect_second_run_writes_nothing(o);
}

}  // namespace
