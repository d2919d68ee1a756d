// Case 007: identical duplicate rows land once with a DUPLICATE_IDENTICAL
// warning; conflicting ones are all rejected (no first/last wins) and the SKU
// is left alone but counts as present; the set-based upsert never sees both.
#include "air_case_expect.hpp"

namespace {

using namespace tecsync::cases;

TEST_F(Cases, c007_duplicate_codprov) {
  RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe() << dump_reported(odoo());
  EXPECT_EQ(r.exit_code, 0);
  expect_odoo(odoo(),
              {{"FX-6001", "29.00", "4", "6"}, {"FX-6002", "12.00", "5", "5"}, {"FX-6003", "2.30", "80", "40"}});
  EXPECT_EQ(reported_rows(odoo()), sorted({"reject 3 FX-6002 DUPLICATE_CONFLICT", "reject 5 FX-6002 DUPLICATE_CONFLICT",
                                           "warning 4 FX-6001 DUPLICATE_IDENTICAL"}))
      << dump_reported(odoo());
  // The identical repeat names its first line (2); the conflict names what differs.
  auto same = odoo().rejects("DUPLICATE_IDENTICAL", std::string("FX-6001"));
  ASSERT_EQ(same.size(), 1u);
  EXPECT_NE(same[0].detail.find("line 2"), std::string::npos) << same[0].detail;
  for (const auto& c : odoo().rejects("DUPLICATE_CONFLICT", std::string("FX-6002"))) {
    EXPECT_NE(c.detail.find("cost 12.5 vs 13.1"), std::string::npos) << c.detail;
    EXPECT_NE(c.detail.find("S_BUE 10 vs 0"), std::string::npos) << c.detail;
  }
  EXPECT_EQ(r.failure_detail().find("21000"), std::string::npos);
  EXPECT_EQ(r.count("absent_zeroed"), 0) << r.describe();  // FX-6002 is present
  EXPECT_EQ(odoo().quant_rows("FX-6001", kCordoba), 1);    // written once
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
