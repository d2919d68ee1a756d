// Case 001: a UTF-8 BOM glued to the first header (`CODPROV`) is dropped where
// the bytes are decoded, so the key column is found and all rows land.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c001_utf8_bom_header) {
  RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  expect_odoo(odoo(),
              {{"AX-1001", "4.85", "12", "30"}, {"AX-1002", "11.20", "0", "7"}, {"AX-1003", "17.90", "25", "4"}});
  EXPECT_TRUE(odoo().rejects().empty()) << dump_reported(odoo());  // "Reported: nothing"
  EXPECT_EQ(r.count("rows_read"), 3);
  EXPECT_NE(r.err.find("(BOM dropped)"), std::string::npos) << r.err;
  expect_clean_text(r);
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM tecsync.reject WHERE detail LIKE '%' || chr(65279) || '%'"), "0");
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
