// Case 009: stock text rules: `>10`/`+50` lower bounds, `Consultar` → 0 with
// STOCK_TEXT, `-`/empty/`Sin stock` → 0 silently, `3.0` → 3; prices still land.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c009_non_numeric_stock) {
  RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  expect_odoo(odoo(), {{"HX-8001", "12.00", "10", "5"},
                       {"HX-8002", "7.50", "0", "50"},  // the old 9 is not left in place
                       {"HX-8003", "3.25", "0", "0"},
                       {"HX-8004", "99.00", "0", "0"},
                       {"HX-8005", "15.00", "3", "2"}});
  EXPECT_EQ(reported_rows(odoo()), sorted({"warning 2 HX-8001 STOCK_LOWER_BOUND", "warning 3 HX-8002 STOCK_TEXT",
                                           "warning 3 HX-8002 STOCK_LOWER_BOUND"}))
      << dump_reported(odoo());
  auto text = odoo().rejects("STOCK_TEXT", std::string("HX-8002"));
  ASSERT_EQ(text.size(), 1u);
  EXPECT_NE(text[0].detail.find("S_CBA"), std::string::npos) << text[0].detail;
  EXPECT_NE(text[0].detail.find("Consultar"), std::string::npos) << text[0].detail;
  for (const auto& w : odoo().rejects("STOCK_LOWER_BOUND")) {
    const char* where = w.sku == "HX-8001" ? "S_CBA (CBA) '>10'" : "S_BUE (BS AS) '+50'";
    EXPECT_NE(w.detail.find(where), std::string::npos) << w.detail;
  }
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
