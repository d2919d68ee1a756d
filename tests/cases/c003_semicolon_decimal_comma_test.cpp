// Case 003: `;` separator sniffed, decimal commas (`24,90`, `38,5`, IVA `10,5`)
// read as decimals, and a `,` inside a description is data.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c003_semicolon_decimal_comma) {
  RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  // Not 2490/385/42/795 (comma stripped) nor 24/38/4/7 (cut at the comma).
  expect_odoo(odoo(), {{"CX-3001", "24.90", "6", "11"},
                       {"CX-3002", "38.50", "2", "0"},
                       {"CX-3003", "4.20", "50", "120"},
                       {"CX-3004", "7.95", "9", "3"}});
  // CX-3004 not split at its description's comma, and IVA 10,5 accepted as
  // the allowed rate 10.5 (105 would be OUT_OF_RANGE): nothing reported.
  EXPECT_TRUE(odoo().rejects().empty()) << dump_reported(odoo());
  EXPECT_NE(r.err.find("separator=';'"), std::string::npos) << r.err;
  EXPECT_EQ(r.count("rows_read"), 4);
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
