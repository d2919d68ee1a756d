// Case 016: columns found by name (aliases, order, case, accents), never by
// position; an unknown cost name or no stock column is FAILED:FeedSchemaError.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c016_columns_renamed_reordered) {
  // a and a2: applied by name.
  for (const char* feed : {"feed_a.csv", "feed_a2.csv"}) {
    SCOPED_TRACE(feed);
    fresh_db();
    tecsync::cases::RunOptions o;
    o.url = serve(feed);
    auto r = run(o);
    const bool a = std::string(feed) == "feed_a.csv";
    ASSERT_EQ(r.status(), a ? "OK_WITH_WARNINGS" : "OK") << r.describe();
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(odoo().price("RN-1501"), "88.40");
    EXPECT_EQ(odoo().qty("RN-1501", kCordoba), "2");
    EXPECT_EQ(odoo().qty("RN-1501", kBuenosAires), "6");
    EXPECT_EQ(odoo().price("RN-1502"), "31.00");
    EXPECT_EQ(odoo().qty("RN-1502", kCordoba), "5");
    EXPECT_EQ(odoo().qty("RN-1502", kBuenosAires), "0");
    if (a) {
      // UNKNOWN_COLUMN OBSERVACIONES: once per run, not per row.
      EXPECT_NE(r.pulse().find("UNKNOWN_COLUMN"), std::string::npos) << r.describe();
      EXPECT_NE(r.pulse().find("OBSERVACIONES"), std::string::npos) << r.describe();
      std::size_t mentions = 0;
      for (auto at = r.err.find("OBSERVACIONES"); at != std::string::npos; at = r.err.find("OBSERVACIONES", at + 1))
        ++mentions;
      EXPECT_LE(mentions, 2u) << "reported per row?\n" << r.err;
    } else {
      EXPECT_TRUE(odoo().rejects().empty());
    }
    EXPECT_TRUE(odoo().quants_invariant_i4());
    expect_second_run_writes_nothing(o);
  }

  // b: the cost column renamed to an unknown name; c: no stock column.
  struct Bad {
    const char* feed;
    const char* must_mention;
  };
  for (const Bad& b : {Bad{"feed_b.csv", "PRECIO USD"}, Bad{"feed_c.csv", "CBA"}}) {
    SCOPED_TRACE(b.feed);
    fresh_db();
    tecsync::cases::RunOptions o;
    o.url = serve(b.feed);
    const auto before = odoo().snapshot();
    auto r = run(o);
    expect_untouched(r, "FAILED:FeedSchemaError", before);
    EXPECT_NE(r.failure_detail().find(b.must_mention), std::string::npos) << r.describe();
    EXPECT_NE(r.pulse().find("❌"), std::string::npos) << r.describe();
  }
}

}  // namespace
