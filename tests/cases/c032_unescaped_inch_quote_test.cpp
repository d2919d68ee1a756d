// Case 032: Air's portal export (form = portal): latin-1, every field quoted,
// inch marks not escaped (`24"`), decimal commas, lista5 as this account's
// price list; a 12-field line is BAD_ROW and its SKU stays present.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

void expect_case_032(const CaseRun& r, CaseOdoo& odoo) {
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe() << dump_reported(odoo);
  EXPECT_EQ(r.exit_code, 0);
  // Lines 2–5 recovered: not merged, not cut at `24`, lista1 (0) not the price.
  expect_odoo(odoo, {{"QP-2901", "152.30", "2", "3"},
                     {"QP-2902", "4.10", "0", "12"},
                     {"QP-2903", "1234.50", "1", "2"},
                     {"QP-2904", "3.20", "30", "40"},
                     {"QP-2905", "9.00", "5", "5"}});
  EXPECT_EQ(reported_rows(odoo), (std::vector<std::string>{"reject 6 QP-2905 BAD_ROW"})) << dump_reported(odoo);
  auto bad = odoo.rejects("BAD_ROW", std::string("QP-2905"));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].detail.find("12 fields, the header has 13"), std::string::npos) << bad[0].detail;
  EXPECT_EQ(r.count("no_price"), 0) << r.describe();
  EXPECT_EQ(r.count("absent_zeroed"), 0) << r.describe();
  EXPECT_TRUE(odoo.quants_invariant_i4());
}

TEST_F(Cases, c032_unescaped_inch_quote) {
  // As source_config.md maps it: lista5 is this account's price list.
  RunOptions o;
  o.form = "portal";
  o.url = serve("portal.csv");
  o.source = {{"price_column", "lista5"}};
  auto r = run(o);
  expect_case_032(r, odoo());
  EXPECT_NE(r.err.find("encoding=windows-1252"), std::string::npos) << r.err;
  expect_second_run_writes_nothing(o);

  // Without price_column the only listaN holding prices (lista5) is chosen.
  fresh_db();
  RunOptions unset = o;
  unset.source.clear();
  auto u = run(unset);
  expect_case_032(u, odoo());
  EXPECT_NE(u.err.find("price column 'lista5'"), std::string::npos) << u.err;
}

}  // namespace
