// Case 025: a download that stalls mid-body, a server that never answers, and a
// slow-but-steady feed. The first two end FAILED:FeedTransportError.Timeout
// after 3 attempts with Odoo untouched; the third passes in one attempt.
//
// The case's numbers are kept (it does not say "any short value is fine"):
// low speed < 1 B/s for 30 s, 300 s total cap, 3 attempts, backoff 5 s. The
// host's backoff doubles (5 s, 10 s), not 5 s then 15 s: a and b end in
// ≈ 3×30 + 5 + 10 ≈ 105 s (+ ≤ 25 % jitter on the waits), inside the case's
// 90–150 s. To keep CI time at ≈ 110 s rather than ≈ 270 s, a, b and c run at
// the same time, each on its own database. I5 for c re-runs the same bytes
// served at full speed (the pacing is transport, not feed).
#include <string>
#include <thread>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;
using tecsync::cases::ServeMode;

const tecsync::cases::Keys kPolicy = {{"http_connect_timeout", "10"}, {"http_low_speed_window", "30"},
                                      {"http_low_speed_bytes", "1"},  {"http_timeout", "300"},
                                      {"http_retries", "2"},          {"http_backoff", "5"}};

TEST_F(Cases, c025_download_stall_timeout) {
  tecsync::cases::ServeSpec stall;
  stall.mode = ServeMode::stall;
  stall.send_bytes = 120;
  stall.hold_seconds = 600;
  tecsync::cases::ServeSpec silent;
  silent.mode = ServeMode::no_answer;
  silent.hold_seconds = 600;
  tecsync::cases::ServeSpec paced;
  paced.mode = ServeMode::paced;
  paced.pace_bytes = 20;
  paced.pace_seconds = 1;

  auto db_a = another_db();
  auto db_b = another_db();
  tecsync::cases::RunOptions a, b, c;
  a.url = serve("", "http_a.json", stall);
  const auto server_a = &last_server();
  b.url = serve("", "http_b.json", silent);
  const auto server_b = &last_server();
  c.url = serve("", "http_c.json", paced);
  const auto server_c = &last_server();
  a.tecsync = b.tecsync = c.tecsync = kPolicy;
  a.dsn = db_a->db.conninfo();
  b.dsn = db_b->db.conninfo();
  const auto before_a = db_a->odoo.snapshot();
  const auto before_b = db_b->odoo.snapshot();

  tecsync::cases::CaseRun ra, rb, rc;
  std::thread ta([&] { ra = run(a); });
  std::thread tb([&] { rb = run(b); });
  rc = run(c);
  ta.join();
  tb.join();

  // a and b: Timeout, Odoo untouched, bounded time, 3 attempts.
  for (auto [name, r, db, before, server] : {std::tuple{"a", &ra, &db_a->odoo, &before_a, server_a},
                                             std::tuple{"b", &rb, &db_b->odoo, &before_b, server_b}}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(r->status(), "FAILED:FeedTransportError.Timeout") << r->describe();
    EXPECT_EQ(r->exit_code, 1) << r->describe();
    EXPECT_EQ(db->snapshot(), *before) << "I1: Odoo changed";
    EXPECT_TRUE(db->rejects("ABSENT_ZEROED").empty());
    EXPECT_GE(r->wall_seconds, 90) << r->describe();
    EXPECT_LE(r->wall_seconds, 150) << r->describe();
    EXPECT_EQ(server->requests().size(), 3u) << r->describe();
    EXPECT_NE(r->failure_detail().find("3 attempts"), std::string::npos) << r->describe();
    EXPECT_NE(r->failure_detail().find("no data for 30 s"), std::string::npos) << r->describe();
  }
  EXPECT_NE(ra.failure_detail().find("stalled: no data for 30 s after 120 of 951 bytes"), std::string::npos)
      << ra.describe();

  // c: slow but steady passes, in one attempt.
  ASSERT_EQ(rc.status(), "OK") << rc.describe();
  EXPECT_EQ(server_c->requests().size(), 1u);
  EXPECT_GE(rc.wall_seconds, 40) << "the feed was not paced?";
  struct Want {
    const char* sku;
    const char* price;
    const char* cba;
    const char* bue;
  };
  for (const Want& w :
       {Want{"ST-2401", "71.40", "6", "9"}, Want{"ST-2402", "33.90", "25", "12"}, Want{"ST-2403", "27.80", "8", "3"},
        Want{"ST-2404", "112.00", "4", "7"}, Want{"ST-2405", "38.25", "14", "20"}, Want{"ST-2406", "61.10", "5", "5"},
        Want{"ST-2407", "129.00", "2", "1"}, Want{"ST-2408", "41.60", "10", "18"}}) {
    EXPECT_EQ(odoo().price(w.sku), w.price) << w.sku;
    EXPECT_EQ(odoo().qty(w.sku, kCordoba), w.cba) << w.sku;
    EXPECT_EQ(odoo().qty(w.sku, kBuenosAires), w.bue) << w.sku;
  }
  EXPECT_TRUE(odoo().quants_invariant_i4());
  tecsync::cases::RunOptions again = c;
  again.url = serve("", "http_c.json");  // the same 951 bytes, at full speed
  expect_second_run_writes_nothing(again);
}

}  // namespace
