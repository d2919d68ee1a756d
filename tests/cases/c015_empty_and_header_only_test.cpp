// Case 015: a 0-byte body, a header alone, a header with blank rows, and `[]`
// each end FAILED:FeedEmpty naming the URL and the byte count; Odoo unchanged,
// nothing zeroed as absent, no BLANK_SKU for blank lines.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c015_empty_and_header_only) {
  struct Feed {
    const char* file;
    const char* form;
    long bytes;
  };
  bool first = true;
  for (const Feed& f : {Feed{"empty.csv", "sheet", 0}, Feed{"header_only.csv", "sheet", 71},
                        Feed{"header_blank_rows.csv", "sheet", 85}, Feed{"empty.json", "api", 3}}) {
    SCOPED_TRACE(f.file);
    if (!first) fresh_db();
    first = false;
    tecsync::cases::ServeSpec how;
    how.api = std::string(f.form) == "api";
    tecsync::cases::RunOptions o;
    o.form = f.form;
    o.url = serve(f.file, "", how);
    const auto before = odoo().snapshot();
    auto r = run(o);
    expect_untouched(r, "FAILED:FeedEmpty", before);
    EXPECT_EQ(r.failure_class(), "FeedEmpty") << r.describe();
    EXPECT_NE(r.pulse().find("❌"), std::string::npos) << r.describe();
    // The failure point: the URL and the byte count.
    EXPECT_NE(r.failure_detail().find("127.0.0.1:"), std::string::npos) << r.describe();
    EXPECT_NE(r.failure_detail().find(std::to_string(f.bytes) + " bytes"), std::string::npos) << r.describe();
    EXPECT_TRUE(odoo().rejects("BLANK_SKU").empty());
    auto cycle = odoo().last_cycle();
    ASSERT_TRUE(cycle.has_value());
    EXPECT_EQ(cycle->status, "FAILED:FeedEmpty");
    EXPECT_EQ(odoo().price("EM-1401"), "10.00");
    EXPECT_EQ(odoo().qty("EM-1401", kCordoba), "5");
    EXPECT_EQ(odoo().qty("EM-1401", kBuenosAires), "3");
    EXPECT_EQ(odoo().price("EM-1402"), "20.00");
    EXPECT_EQ(odoo().qty("EM-1402", kCordoba), "1");
    EXPECT_EQ(odoo().qty("EM-1402", kBuenosAires), "0");
  }
}

}  // namespace
