// Case 017: cost 0, `0,00`, empty or `-` → NO_PRICE: price left alone, stock applied.
#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c017_price_zero_or_missing) {
  tecsync::cases::RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe();
  EXPECT_EQ(r.exit_code, 0);

  struct Row {
    const char* sku;
    const char* price;
    const char* cba;
    const char* bue;
  };
  for (const Row& w :
       {Row{"PZ-1601", "50.00", "3", "3"}, Row{"PZ-1602", "50.00", "0", "4"}, Row{"PZ-1603", "50.00", "2", "0"},
        Row{"PZ-1604", "50.00", "100", "50"}, Row{"PZ-1605", "45.10", "6", "6"}}) {
    EXPECT_EQ(odoo().price(w.sku), w.price) << w.sku;
    EXPECT_EQ(odoo().qty(w.sku, kCordoba), w.cba) << w.sku;
    EXPECT_EQ(odoo().qty(w.sku, kBuenosAires), w.bue) << w.sku;
  }
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM product_template WHERE list_price = 0"), "0");

  // Lines 2–5: NO_PRICE with the SKU and the raw cell; no row rejected.
  const char* skus[] = {"PZ-1601", "PZ-1602", "PZ-1603", "PZ-1604"};
  for (int line = 2; line <= 5; ++line) {
    auto w = odoo().rejects("NO_PRICE", std::string(skus[line - 2]));
    ASSERT_EQ(w.size(), 1u) << skus[line - 2];
    EXPECT_EQ(w[0].line, line);
    EXPECT_EQ(w[0].kind, "warning");
  }
  for (const auto& x : odoo().rejects()) EXPECT_NE(x.kind, "reject") << x.code << " " << x.sku;
  EXPECT_TRUE(odoo().quants_invariant_i4());

  expect_second_run_writes_nothing(o);
}

}  // namespace
