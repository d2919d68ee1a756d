// Case 029: JSON feeds (an array of objects keyed by the CSV header names,
// served as a sheet URL). Invalid, truncated or polluted JSON is
// FAILED:FeedFormatError naming the URL and the error's position, with Odoo
// untouched; a type-mixed valid feed lands with the SKUs kept as text.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c029_json_invalid_or_empty) {
  for (const char* feed : {"feed_invalid.json", "feed_truncated.json", "feed_polluted.json"}) {
    SCOPED_TRACE(feed);
    fresh_db();
    tecsync::cases::RunOptions o;
    o.url = serve(feed);
    const auto before = odoo().snapshot();
    auto r = run(o);
    expect_untouched(r, "FAILED:FeedFormatError", before);
    EXPECT_NE(r.pulse().find("❌"), std::string::npos) << r.describe();
    EXPECT_NE(r.failure_detail().find(o.url), std::string::npos) << r.describe();
    EXPECT_NE(r.failure_detail().find("byte"), std::string::npos) << r.describe();
  }

  SCOPED_TRACE("feed_valid.json");
  fresh_db();
  tecsync::cases::RunOptions o;
  o.url = serve("feed_valid.json");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe();
  EXPECT_EQ(odoo().price("000123"), "21.50");
  EXPECT_EQ(odoo().qty("000123", kCordoba), "4");
  EXPECT_EQ(odoo().qty("000123", kBuenosAires), "0");
  EXPECT_EQ(odoo().price("123"), "15.00");
  EXPECT_EQ(odoo().qty("123", kCordoba), "6");
  EXPECT_EQ(odoo().qty("123", kBuenosAires), "6");
  EXPECT_EQ(odoo().price("4567"), "7.95");
  EXPECT_EQ(odoo().qty("4567", kCordoba), "2");
  EXPECT_EQ(odoo().qty("4567", kBuenosAires), "0");
  auto mangled = odoo().rejects("MANGLED_SKU");
  ASSERT_EQ(mangled.size(), 1u);
  EXPECT_EQ(mangled[0].kind, "reject");
  EXPECT_NE(r.pulse().find("ABSENT_ZEROING_SUPPRESSED"), std::string::npos) << r.describe();
  EXPECT_TRUE(odoo().rejects("ABSENT_ZEROED").empty());
  EXPECT_EQ(odoo().variants("120000000000"), 0);
  EXPECT_TRUE(odoo().quants_invariant_i4());
  expect_second_run_writes_nothing(o);
}

}  // namespace
