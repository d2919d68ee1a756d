// Case 013: the HTTP transfer is cut mid-body (Content-Length short read,
// close-delimited cut, chunked without its last chunk). Each run ends
// FAILED:FeedTransportError.Incomplete and Odoo is byte-identical, including
// the rows that arrived whole; nothing is zeroed as absent.
//
// HTTP policy: 3 attempts (http_retries = 2). The case allows "any short
// backoff", so http_backoff = 0.2 s (0.2 s then 0.4 s) instead of 1 s / 2 s.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::ServeMode;

TEST_F(Cases, c013_truncated_transfer) {
  struct Run {
    const char* http_json;
    ServeMode mode;
    long send_bytes;
    bool transport_sees_it;  ///< a and c: libcurl 18; b: only the parser can tell
  };
  bool first = true;
  for (const Run& w :
       {Run{"http_a.json", ServeMode::cut, 276, true}, Run{"http_b.json", ServeMode::close_delimited, 467, false},
        Run{"http_c.json", ServeMode::chunked_cut, 276, true}}) {
    SCOPED_TRACE(w.http_json);
    if (!first) fresh_db();
    first = false;
    tecsync::cases::ServeSpec how;
    how.mode = w.mode;
    how.send_bytes = w.send_bytes;
    tecsync::cases::RunOptions o;
    o.url = serve("", w.http_json, how);
    o.tecsync = {{"http_retries", "2"}, {"http_backoff", "0.2"}};
    const auto before = odoo().snapshot();
    auto r = run(o);
    expect_untouched(r, "FAILED:FeedTransportError.Incomplete", before);
    EXPECT_NE(r.pulse().find("❌"), std::string::npos) << r.describe();
    const std::string detail = r.failure_detail();
    EXPECT_NE(detail.find(o.url), std::string::npos) << r.describe();
    const auto attempts = last_server().requests().size();
    if (w.transport_sees_it) {
      // bytes received vs expected, and the attempts.
      EXPECT_NE(detail.find("276 of"), std::string::npos) << r.describe();
      EXPECT_NE(detail.find("3 attempts"), std::string::npos) << r.describe();
      EXPECT_EQ(attempts, 3u) << r.describe();
    } else {
      // The last line number and "record truncated".
      EXPECT_NE(detail.find("line 6"), std::string::npos) << r.describe();
      EXPECT_NE(detail.find("truncated"), std::string::npos) << r.describe();
      EXPECT_GE(attempts, 1u);
    }
    EXPECT_LT(r.wall_seconds, 30) << r.describe();
    for (const char* sku : {"TR-1201", "TR-1202", "TR-1203", "TR-1204", "TR-1205"}) {
      EXPECT_EQ(odoo().qty(sku, tecsync::cases::kCordoba), "1") << sku;
      EXPECT_EQ(odoo().qty(sku, tecsync::cases::kBuenosAires), "1") << sku;
    }
    EXPECT_EQ(odoo().price("TR-1201"), "280.00");
    EXPECT_EQ(odoo().price("TR-1202"), "140.00");
  }
}

}  // namespace
