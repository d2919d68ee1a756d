// Case 020: archived products are left alone, an unknown SKU is counted and
// never created, and an archived + active pair sharing a code updates only the
// active one.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c020_archived_product) {
  tecsync::cases::RunOptions o;
  o.url = serve("feed.csv");
  const auto archived_1902 = odoo().scalar(
      "SELECT string_agg(x::text, ';') FROM (SELECT t::text FROM product_template t JOIN product_product p ON "
      "p.product_tmpl_id = t.id WHERE p.default_code = 'AR-1902' UNION ALL SELECT p::text FROM product_product p "
      "WHERE p.default_code = 'AR-1902' UNION ALL SELECT q::text FROM stock_quant q JOIN product_product p ON p.id = "
      "q.product_id WHERE p.default_code = 'AR-1902' OR (p.default_code = 'AR-1904' AND NOT p.active)) x");
  const long products_before = std::stol(odoo().scalar("SELECT count(*) FROM product_product"));
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe();
  EXPECT_EQ(r.exit_code, 0);

  EXPECT_EQ(odoo().price("AR-1901"), "24.00");
  EXPECT_EQ(odoo().qty("AR-1901", kCordoba), "6");
  EXPECT_EQ(odoo().qty("AR-1901", kBuenosAires), "6");

  EXPECT_EQ(odoo().price("AR-1902", false), "30.00");
  EXPECT_EQ(odoo().qty("AR-1902", kCordoba, false), "0");
  EXPECT_EQ(odoo().qty("AR-1902", kBuenosAires, false), "0");
  EXPECT_EQ(odoo().active("AR-1902"), std::optional<bool>(false));

  EXPECT_EQ(odoo().variants("AR-1903"), 0) << "the flash sync created a product";
  EXPECT_EQ(std::stol(odoo().scalar("SELECT count(*) FROM product_product")), products_before);

  EXPECT_EQ(odoo().price("AR-1904"), "12.20");
  EXPECT_EQ(odoo().qty("AR-1904", kCordoba), "5");
  EXPECT_EQ(odoo().qty("AR-1904", kBuenosAires), "5");
  EXPECT_EQ(odoo().price("AR-1904", false), "5.00");
  EXPECT_EQ(odoo().qty("AR-1904", kCordoba, false), "0");
  EXPECT_EQ(odoo().qty("AR-1904", kBuenosAires, false), "0");

  // The archived rows are byte-identical (templates, variants, quants).
  EXPECT_EQ(odoo().scalar("SELECT string_agg(x::text, ';') FROM (SELECT t::text FROM product_template t JOIN "
                          "product_product p ON p.product_tmpl_id = t.id WHERE p.default_code = 'AR-1902' UNION ALL "
                          "SELECT p::text FROM product_product p WHERE p.default_code = 'AR-1902' UNION ALL SELECT "
                          "q::text FROM stock_quant q JOIN product_product p ON p.id = q.product_id WHERE "
                          "p.default_code = 'AR-1902' OR (p.default_code = 'AR-1904' AND NOT p.active)) x"),
            archived_1902);

  auto archived = odoo().rejects("PRODUCT_ARCHIVED", std::string("AR-1902"));
  ASSERT_EQ(archived.size(), 1u);
  EXPECT_EQ(archived[0].line, 3);
  auto unknown = odoo().rejects("UNKNOWN_SKU", std::string("AR-1903"));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].line, 4);
  EXPECT_TRUE(odoo().rejects("AMBIGUOUS_SKU").empty());
  EXPECT_TRUE(odoo().rejects("PRODUCT_ARCHIVED", std::string("AR-1904")).empty());
  EXPECT_EQ(r.count("unknown_sku"), 1) << r.describe();
  EXPECT_EQ(r.count("archived"), 1) << r.describe();
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
