// The odoo_sql sink on a real PostgreSQL with the project's Odoo 17 schema: each
// test gets a fresh database and drives begin/write/commit/abort on the real class.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <pqxx/pqxx>
#include <thread>

#include "history.hpp"
#include "staging.hpp"
#include "support/odoo_fixture.hpp"
#include "tecsync/status.hpp"

using namespace tecsync;
using namespace tecsync::pgtest;

namespace {

const std::string kDir = TECSYNC_ODOO_FIXTURES;

struct Fx : OdooFixture {
  explicit Fx(bool pulse = true)
      : OdooFixture(pulse ? std::vector<std::string>{kDir + "/odoo17.sql", kDir + "/pulse_field.sql"}
                          : std::vector<std::string>{kDir + "/odoo17.sql"}) {}
};

std::string max_write_dates(const OdooFixture& f) {
  return f.db.scalar(
      "SELECT (SELECT max(write_date) FROM product_template)::text || '|' || "
      "(SELECT max(write_date) FROM stock_quant)::text || '|' || (SELECT count(*) FROM stock_quant)::text");
}

}  // namespace

TEST(OdooSqlSink, PricesAndQuantsLand) {
  Fx f;
  f.add_product("A-1", true, "air", "100");
  f.add_quant("A-1", kCba, "1");
  f.add_quant("A-1", kBue, "1");
  f.add_product("B-2", true, "air", "10");
  OfferBatch b;
  b.offers = {offer("A-1", "120.50", "5", "0"), offer("B-2", "50", "3", "2", 3)};
  CycleSummary s;
  Status st = run_cycle(f.config(), b, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(f.price("A-1"), "120.50");
  EXPECT_EQ(f.price("B-2"), "50.00");
  EXPECT_EQ(f.qty("A-1", kCba), "5.00");
  EXPECT_EQ(f.qty("A-1", kBue), "0.00");
  EXPECT_EQ(f.qty("B-2", kCba), "3.00");
  EXPECT_EQ(f.qty("B-2", kBue), "2.00");
  EXPECT_EQ(count_of(s, "offers_read"), 2);
  EXPECT_EQ(count_of(s, "offers_matched"), 2);
  EXPECT_EQ(count_of(s, "prices_changed"), 2);
  EXPECT_EQ(count_of(s, "quants_changed"), 2);
  EXPECT_EQ(count_of(s, "quants_created"), 2);
  EXPECT_EQ(count_of(s, "pulses_written"), 2);
  EXPECT_EQ(s.rows_written, 8);
  EXPECT_EQ(s.pulse.text, "✅ Success");
  // New quants follow odoo-facts §2: company of the location, reserved 0, in_date set,
  // inventory_quantity_set false, lot/package/owner NULL, audit columns.
  auto r = f.db.query(
      "SELECT q.company_id = l.company_id, q.reserved_quantity, q.in_date IS NOT NULL, q.inventory_quantity_set, "
      "       q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL, q.create_uid, q.write_uid "
      "  FROM stock_quant q JOIN product_product p ON p.id = q.product_id JOIN stock_location l ON l.id = "
      "q.location_id "
      " WHERE p.default_code = 'B-2'");
  ASSERT_EQ(r.size(), 2u);
  for (const auto& row : r) {
    EXPECT_TRUE(row[0].as<bool>());
    EXPECT_EQ(row[1].as<std::string>(), "0");
    EXPECT_TRUE(row[2].as<bool>());
    EXPECT_FALSE(row[3].as<bool>());
    EXPECT_TRUE(row[4].as<bool>());
    EXPECT_EQ(row[5].as<int>(), 2);  // admin, looked up by login
  }
  // The history row landed with the cycle.
  auto h = f.db.query("SELECT status, pulse, counts->>'prices_changed', failure_point IS NULL FROM tecsync.cycle");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0][0].as<std::string>(), "OK");
  EXPECT_EQ(h[0][1].as<std::string>().rfind("✅ Success · flash · ", 0), 0u);
  EXPECT_EQ(h[0][2].as<std::string>(), "2");
  EXPECT_TRUE(h[0][3].as<bool>());
  // Nothing in public but Odoo's own tables.
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'tecsync%'"),
            "0");
}

TEST(OdooSqlSink, SecondIdenticalCycleWritesNothing) {
  Fx f;
  f.add_product("A-1", true, "air", "100");
  f.add_quant("A-1", kCba, "1");
  f.add_product("B-2", true, "air", "10");
  f.add_product("C-3", true, "air", "10");
  OfferBatch b;
  b.offers = {offer("A-1", "120", "5", "0"), offer("B-2", std::nullopt, "3", "2"), offer("C-3", "7", "0", "0")};
  CycleSummary s1, s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s1));
  EXPECT_GT(s1.rows_written, 0);
  const std::string before = f.dump();
  const std::string dates = max_write_dates(f);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a new pulse time stamp would differ
  Status st = run_cycle(f.config(), b, s2);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(s2.rows_written, 0);
  for (const char* k : {"prices_changed", "quants_changed", "quants_created", "pulses_written", "absent_zeroed"})
    EXPECT_EQ(count_of(s2, k), 0) << k;
  EXPECT_EQ(max_write_dates(f), dates);
  EXPECT_EQ(f.dump(), before);
}

TEST(OdooSqlSink, AbortLeavesEveryOdooRowByteIdentical) {
  Fx f;
  f.add_product("A-1", true, "air", "100");
  f.add_quant("A-1", kCba, "1");
  f.add_product("Z-9", true, "air", "5");  // absent: would be zeroed by a commit
  f.add_quant("Z-9", kCba, "4");
  const std::string before = f.dump();
  odoo::OdooSqlSink sink(f.config());
  ASSERT_TRUE(sink.begin({"air_flash", Strategy::flash, std::chrono::system_clock::now()}, StreamFacts{}));
  OfferBatch b;
  b.offers = {offer("A-1", "999", "50", "50"), offer("NEW-1", "1", "1", "1")};
  b.rejects.push_back({{"feed.csv", 7}, "X", "BAD_NUMBER", "cost 'abc'"});
  ASSERT_TRUE(sink.write(b));
  sink.abort(Status::failed(FailureArea::feed, "FeedTransportError.Incomplete", "body cut at byte 1234"));
  EXPECT_EQ(f.dump(), before);
  auto h = f.db.query("SELECT status, pulse, failure_point, counts->>'offers_read' FROM tecsync.cycle");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0][0].as<std::string>(), "FAILED:FeedTransportError.Incomplete");
  EXPECT_EQ(h[0][1].as<std::string>().rfind("❌ Feed Error: FeedTransportError.Incomplete: body cut", 0), 0u);
  EXPECT_EQ(h[0][2].as<std::string>(), "body cut at byte 1234");
  EXPECT_EQ(h[0][3].as<std::string>(), "2");
  EXPECT_EQ(f.db.scalar("SELECT sku || ':' || code || ':' || line FROM tecsync.reject WHERE kind = 'reject'"),
            "X:BAD_NUMBER:7");
}

TEST(OdooSqlSink, UnknownArchivedAndOtherSupplierUntouched) {  // case 020 + another supplier's product
  Fx f;
  f.add_product("AR-1901", true, "air", "23");
  f.add_quant("AR-1901", kCba, "1");
  f.add_quant("AR-1901", kBue, "1");
  f.add_product("AR-1902", false, "air", "30");
  f.add_product("AR-1904", false, "air", "5");  // the old, archived one
  f.add_product("AR-1904", true, "air", "7");
  f.add_quant("AR-1904", kCba, "1");
  f.add_quant("AR-1904", kBue, "1");
  f.add_product("OT-1", true, "other", "6");
  f.add_quant("OT-1", kCba, "5");
  const std::string other_before = f.db.scalar(
      "SELECT string_agg(x::text, ',') FROM (SELECT t.*::text FROM product_template t WHERE default_code IN "
      "('AR-1902', 'OT-1') ORDER BY id) x");
  OfferBatch b;
  b.offers = {offer("AR-1901", "24.00", "6", "6", 2), offer("AR-1902", "9.00", "3", "0", 3),
              offer("AR-1903", "14.50", "8", "2", 4), offer("AR-1904", "12.20", "5", "5", 5),
              offer("OT-1", "1", "0", "0", 6)};
  CycleSummary s;
  Status st = run_cycle(f.config(), b, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(f.price("AR-1901"), "24.00");
  EXPECT_EQ(f.qty("AR-1901", kCba), "6.00");
  EXPECT_EQ(f.price("AR-1902", false), "30.00");
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM stock_quant q JOIN product_product p ON p.id = q.product_id "
                        "WHERE p.default_code IN ('AR-1902', 'AR-1903')"),
            "0");
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM product_product WHERE default_code = 'AR-1903'"), "0");
  EXPECT_EQ(f.price("AR-1904"), "12.20");
  EXPECT_EQ(f.qty("AR-1904", kCba), "5.00");
  EXPECT_EQ(f.price("AR-1904", false), "5.00");
  EXPECT_EQ(f.db.scalar("SELECT active::text FROM product_product WHERE default_code = 'AR-1902'"), "false");
  EXPECT_EQ(f.qty("OT-1", kCba), "5.00");
  EXPECT_EQ(f.db.scalar("SELECT string_agg(x::text, ',') FROM (SELECT t.*::text FROM product_template t WHERE "
                        "default_code IN ('AR-1902', 'OT-1') ORDER BY id) x"),
            other_before);
  EXPECT_EQ(count_of(s, "unknown_sku"), 2);  // AR-1903 and OT-1 (not Air's)
  EXPECT_EQ(count_of(s, "archived"), 1);
  EXPECT_EQ(count_of(s, "offers_matched"), 2);
  EXPECT_EQ(s.pulse.level, PulseLevel::warning);
  EXPECT_EQ(f.db.scalar("SELECT string_agg(line || ':' || sku || ':' || code, ',' ORDER BY line) FROM tecsync.reject "
                        "WHERE kind = 'outcome'"),
            "3:AR-1902:PRODUCT_ARCHIVED,4:AR-1903:UNKNOWN_SKU,6:OT-1:UNKNOWN_SKU");
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "OK_WITH_WARNINGS");
}

TEST(OdooSqlSink, DuplicateQuantsSumRightNoNewRowReservedKept) {  // case 022
  Fx f;
  for (const char* c : {"QT-2101", "QT-2102", "QT-2103"}) f.add_product(c, true, "air", "100");
  f.add_quant("QT-2101", kCba, "100");
  f.add_quant("QT-2102", kCba, "60");
  f.add_quant("QT-2102", kCba, "40");
  f.add_quant("QT-2102", kBue, "10", "4");
  f.add_quant("QT-2103", kCba, "10");
  OfferBatch b;
  b.offers = {offer("QT-2101", "100", "75", "5"), offer("QT-2102", "100", "75", "10"),
              offer("QT-2103", "100", "0", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.qty("QT-2101", kCba), "75.00");
  EXPECT_EQ(f.quant_rows("QT-2101", kCba), 1);
  EXPECT_EQ(f.qty("QT-2101", kBue), "5.00");
  EXPECT_EQ(f.quant_rows("QT-2101", kBue), 1);
  EXPECT_EQ(f.qty("QT-2102", kCba), "75.00");
  EXPECT_EQ(f.quant_rows("QT-2102", kCba), 2);
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM stock_quant WHERE quantity < 0"), "0");
  EXPECT_EQ(f.qty("QT-2102", kBue), "10.00");
  EXPECT_EQ(f.db.scalar("SELECT q.reserved_quantity::text FROM stock_quant q JOIN product_product p ON "
                        "p.id = q.product_id JOIN stock_location l ON l.id = q.location_id WHERE p.default_code = "
                        "'QT-2102' AND l.complete_name = 'WH/Air Buenos Aires'"),
            "4");
  EXPECT_EQ(f.qty("QT-2103", kCba), "0.00");
  EXPECT_EQ(f.quant_rows("QT-2103", kBue), 0);  // no row created for 0
  const std::string before = f.dump();
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s2));
  EXPECT_EQ(s2.rows_written, 0);
  EXPECT_EQ(f.dump(), before);
}

TEST(OdooSqlSink, DuplicateQuantsRespectReservedOnTheKeeper) {
  Fx f;
  f.add_product("R-1", true, "air", "1");
  f.add_quant("R-1", kCba, "10", "8");  // keeper (lowest id), 8 reserved
  f.add_quant("R-1", kCba, "20", "0");
  f.add_product("R-2", true, "air", "1");
  f.add_quant("R-2", kCba, "10", "6");
  OfferBatch b;
  b.offers = {offer("R-1", "1", "12", "0"), offer("R-2", "1", "2", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  // 12 − 20 < 8: others go to their reserved (0) and the keeper takes 12.
  EXPECT_EQ(f.qty("R-1", kCba), "12.00");
  EXPECT_EQ(
      f.db.scalar("SELECT string_agg(quantity::text || '/' || reserved_quantity::text, ',' ORDER BY q.id) "
                  "FROM stock_quant q JOIN product_product p ON p.id = q.product_id WHERE p.default_code = 'R-1'"),
      "12/8,0/0");
  // Target below the reservation: quantity stays at the reserved 6, reported.
  EXPECT_EQ(f.qty("R-2", kCba), "6.00");
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM tecsync.reject WHERE code = 'RESERVED_ABOVE_TARGET' AND sku = 'R-2'"),
            "1");
}

TEST(OdooSqlSink, MissingLocationFailsBeforeWriting) {
  Fx f;
  f.add_product("A-1", true, "air", "100");
  const std::string before = f.dump();
  auto c = f.config();
  c.locations.push_back({"S_ROS", "WH/Air Rosario"});
  odoo::OdooSqlSink sink(c);
  Status st = sink.begin({"air_flash", Strategy::flash, std::chrono::system_clock::now()}, StreamFacts{});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error_class, "TargetCheckError");
  EXPECT_NE(st.detail.find("'WH/Air Rosario'"), std::string::npos) << st.detail;
  // It says how to create the location: the setup command, or by hand in Odoo.
  EXPECT_NE(st.detail.find("tecsync odoo setup"), std::string::npos) << st.detail;
  EXPECT_NE(st.detail.find("Inventory → Configuration → Locations"), std::string::npos) << st.detail;
  EXPECT_NE(st.detail.find("view location"), std::string::npos) << st.detail;
  sink.abort(st);
  EXPECT_EQ(f.dump(), before);
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "FAILED:TargetCheckError");
}

TEST(OdooSqlSink, MissingSupplierOrUnknownNotNullColumnFailsBeforeWriting) {
  Fx f;
  auto c = f.config();
  c.supplier = "Nobody SA";
  odoo::OdooSqlSink sink(c);
  Status st = sink.begin({"p", Strategy::flash, std::chrono::system_clock::now()}, StreamFacts{});
  EXPECT_EQ(st.error_class, "TargetCheckError");
  EXPECT_NE(st.detail.find("Nobody SA"), std::string::npos);
  sink.abort(st);

  f.db.exec(
      "ALTER TABLE stock_quant ADD COLUMN x_needed varchar NOT NULL DEFAULT 'x';"
      "ALTER TABLE stock_quant ALTER COLUMN x_needed DROP DEFAULT");
  odoo::OdooSqlSink sink2(f.config());
  st = sink2.begin({"p", Strategy::flash, std::chrono::system_clock::now()}, StreamFacts{});
  EXPECT_EQ(st.error_class, "TargetCheckError");
  EXPECT_NE(st.detail.find("x_needed"), std::string::npos) << st.detail;
  sink2.abort(st);
}

TEST(OdooSqlSink, ConcurrentCycleOfOnePipelineIsSkipped) {
  Fx f;
  odoo::OdooSqlSink first(f.config()), second(f.config());
  CycleInfo info{"air_flash", Strategy::flash, std::chrono::system_clock::now()};
  ASSERT_TRUE(first.begin(info, StreamFacts{}));
  Status st = second.begin(info, StreamFacts{});
  EXPECT_EQ(st.outcome, Outcome::skipped);
  EXPECT_EQ(st.error_class, "Locked");
  second.abort(st);
  CycleInfo other{"other_pipeline", Strategy::flash, std::chrono::system_clock::now()};
  odoo::OdooSqlSink third(f.config());
  EXPECT_TRUE(third.begin(other, StreamFacts{}));  // another pipeline is not blocked
  CycleSummary s;
  EXPECT_TRUE(first.commit(s));
  third.abort(Status::failed(FailureArea::plugin, "Test", "done"));
  EXPECT_EQ(f.db.scalar("SELECT string_agg(status, ',' ORDER BY id) FROM tecsync.cycle"),
            "SKIPPED:Locked,OK,FAILED:Test");
}

namespace {
/// Session B of case 023: holds FOR UPDATE on LK-2201's Córdoba quant for `hold`.
void hold_lock(const std::string& dsn, std::chrono::milliseconds hold, std::atomic<bool>& locked) {
  pqxx::connection c{dsn};
  pqxx::work tx{c};
  tx.exec(
      "SELECT q.id FROM stock_quant q JOIN product_product p ON p.id = q.product_id "
      "JOIN stock_location l ON l.id = q.location_id "
      "WHERE p.default_code = 'LK-2201' AND l.complete_name = 'WH/Air Córdoba' FOR UPDATE");
  locked = true;
  std::this_thread::sleep_for(hold);
  tx.commit();
}

void seed_023(OdooFixture& f) {
  f.add_product("LK-2201", true, "air", "300");
  f.add_product("LK-2202", true, "air", "45");
  for (const char* c : {"LK-2201", "LK-2202"}) {
    f.add_quant(c, kCba, c == std::string("LK-2201") ? "4" : "1");
    f.add_quant(c, kBue, c == std::string("LK-2201") ? "4" : "1");
  }
}

OfferBatch feed_023() {
  OfferBatch b;
  b.offers = {offer("LK-2201", "310", "9", "4"), offer("LK-2202", "48", "0", "2")};
  return b;
}
}  // namespace

TEST(OdooSqlSink, RowLockedLongTimesOutRetriesThenFailsWithNothingChanged) {  // case 023 "long"
  Fx f;
  seed_023(f);
  const std::string before = f.dump();
  std::atomic<bool> locked{false};
  std::thread b(hold_lock, f.db.dsn(), std::chrono::milliseconds(4000), std::ref(locked));
  while (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto c = f.config();
  c.lock_timeout = std::chrono::milliseconds(300);
  c.backoff = std::chrono::milliseconds(100);
  c.attempts = 3;
  CycleSummary s;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = run_cycle(c, feed_023(), s);
  const auto took = std::chrono::steady_clock::now() - t0;
  b.join();  // session B commits normally afterwards
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error_class, "DbLockTimeout");
  EXPECT_NE(st.detail.find("55P03"), std::string::npos) << st.detail;
  EXPECT_NE(st.detail.find("stock_quant"), std::string::npos) << st.detail;
  EXPECT_NE(st.detail.find("LK-2201"), std::string::npos) << st.detail;
  EXPECT_EQ(st.detail.find("LK-2202"), std::string::npos) << st.detail;
  // 3 × 300 ms + 100 + 200 ms backoff, far below the 4 s hold.
  EXPECT_LT(took, std::chrono::milliseconds(3500));
  EXPECT_GE(took, std::chrono::milliseconds(1100));
  EXPECT_EQ(f.dump(), before);  // I1: LK-2202 did not land either
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "FAILED:DbLockTimeout");
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM tecsync.reject WHERE code = 'DB_RETRY'"), "2");
}

TEST(OdooSqlSink, RowLockedShortSucceedsOnRetry) {  // case 023 "short"
  Fx f;
  seed_023(f);
  std::atomic<bool> locked{false};
  std::thread b(hold_lock, f.db.dsn(), std::chrono::milliseconds(1500), std::ref(locked));
  while (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto c = f.config();
  c.lock_timeout = std::chrono::milliseconds(300);
  c.backoff = std::chrono::milliseconds(400);  // 400, 800, 1600 ms: outlasts the 1.5 s hold
  c.attempts = 5;
  CycleSummary s;
  Status st = run_cycle(c, feed_023(), s);
  b.join();
  ASSERT_TRUE(st) << st.detail;
  EXPECT_GE(count_of(s, "db_retries"), 1);
  EXPECT_NE(s.pulse.text.find("DB_RETRY"), std::string::npos) << s.pulse.text;
  EXPECT_EQ(f.price("LK-2201"), "310.00");
  EXPECT_EQ(f.qty("LK-2201", kCba), "9.00");
  EXPECT_EQ(f.quant_rows("LK-2201", kCba), 1);
  EXPECT_EQ(f.qty("LK-2202", kCba), "0.00");
  EXPECT_EQ(f.qty("LK-2202", kBue), "2.00");
}

TEST(OdooSqlSink, PulseFieldWrittenOnlyWhenItsHeadChanges) {
  Fx f;
  f.add_product("P-1", true, "air", "1");
  f.add_product("P-2", true, "air", "1");
  f.add_product("P-3", true, "air", "1");
  OfferBatch b;
  b.offers = {offer("P-1", "10", "1", "0"), offer("P-2", "10", "0", "0"), offer("P-3", std::nullopt, "4", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(count_of(s, "pulses_written"), 3);
  auto pulse = [&](const char* code) {
    return f.db.scalar(std::string("SELECT x_tecsync_pulse FROM product_template WHERE default_code = '") + code + "'");
  };
  EXPECT_EQ(pulse("P-1").rfind("✅ Success · flash · ", 0), 0u) << pulse("P-1");
  EXPECT_EQ(pulse("P-2").rfind("⚠️ No Stock · flash · ", 0), 0u) << pulse("P-2");
  EXPECT_EQ(pulse("P-3").rfind("⚠️ No Price · flash · ", 0), 0u) << pulse("P-3");
  EXPECT_TRUE(pulse("P-1").ends_with(" UTC"));
  const std::string p1 = pulse("P-1");
  // New price, same outcome: price written, pulse left alone.
  b.offers[0] = offer("P-1", "11", "1", "0");
  b.offers[1] = offer("P-2", "10", "3", "0");  // now in stock: pulse changes
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s2));
  EXPECT_EQ(count_of(s2, "prices_changed"), 1);
  EXPECT_EQ(count_of(s2, "pulses_written"), 1);
  EXPECT_EQ(pulse("P-1"), p1);
  EXPECT_EQ(pulse("P-2").rfind("✅ Success · flash · ", 0), 0u);
}

TEST(OdooSqlSink, NoPulseColumnMeansNoPulseWrites) {
  Fx f(/*pulse=*/false);
  f.add_product("P-1", true, "air", "1");
  OfferBatch b;
  b.offers = {offer("P-1", "10", "1", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(count_of(s, "pulses_written"), 0);
  EXPECT_EQ(f.price("P-1"), "10.00");
}

namespace {
void seed_019(OdooFixture& f) {
  const char* rows[][4] = {{"AB-1801", "180", "3", "3"},
                           {"AB-1802", "400", "1", "1"},
                           {"AB-1803", "7.50", "40", "40"},
                           {"AB-1804", "7.90", "12", "20"}};
  for (auto& r : rows) {
    f.add_product(r[0], true, "air", r[1]);
    f.add_quant(r[0], kCba, r[2]);
    f.add_quant(r[0], kBue, r[3]);
  }
  f.add_product("AB-9901", true, "other", "6");
  f.add_quant("AB-9901", kCba, "5");
  f.add_quant("AB-9901", kBue, "5");
}
}  // namespace

TEST(OdooSqlSink, AbsentSkuZeroedWhenCoverageIsEnough) {  // case 019 feed_a
  Fx f;
  seed_019(f);
  OfferBatch b;
  b.offers = {offer("AB-1801", "189", "2", "4"), offer("AB-1802", "410", "1", "0"),
              offer("AB-1803", "7.80", "50", "80")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.qty("AB-1804", kCba), "0.00");
  EXPECT_EQ(f.qty("AB-1804", kBue), "0.00");
  EXPECT_EQ(f.price("AB-1804"), "7.90");
  EXPECT_EQ(f.db.scalar("SELECT active::text FROM product_product WHERE default_code = 'AB-1804'"), "true");
  EXPECT_EQ(f.qty("AB-9901", kCba), "5.00");
  EXPECT_EQ(f.qty("AB-9901", kBue), "5.00");
  EXPECT_EQ(count_of(s, "absent_zeroed"), 1);
  EXPECT_EQ(f.db.scalar("SELECT split_part(x_tecsync_pulse, ' · ', 1) FROM product_template WHERE default_code = "
                        "'AB-1804'"),
            "⚠️ Absent From Feed");
  // Zeroing an absent SKU is a warning of the cycle, in the summary and the record alike.
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(s.pulse.text.rfind("⚠️ Absent Zeroed: 1 product(s)", 0), 0u) << s.pulse.text;
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "OK_WITH_WARNINGS");
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s2));
  EXPECT_EQ(s2.rows_written, 0);
  EXPECT_EQ(count_of(s2, "absent_zeroed"), 0);
}

TEST(OdooSqlSink, AbsentZeroingSuppressedBelowCoverage) {  // case 019 feed_b
  Fx f;
  seed_019(f);
  OfferBatch b;
  b.offers = {offer("AB-1801", "189", "2", "4")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.qty("AB-1801", kCba), "2.00");
  EXPECT_EQ(f.qty("AB-1802", kBue), "1.00");
  EXPECT_EQ(f.qty("AB-1803", kCba), "40.00");
  EXPECT_EQ(f.qty("AB-1804", kBue), "20.00");
  EXPECT_EQ(count_of(s, "absent_zeroed"), 0);
  EXPECT_EQ(s.pulse.level, PulseLevel::warning);
  EXPECT_NE(s.pulse.text.find("ABSENT_ZEROING_SUPPRESSED"), std::string::npos) << s.pulse.text;
  EXPECT_NE(s.pulse.text.find("coverage 1/4 = 25 % < 50 %"), std::string::npos) << s.pulse.text;
  // A configurable share: with 0.2 the same feed zeroes.
  auto c = f.config();
  c.absent_min_coverage = *Decimal::parse("0.2");
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(c, b, s2));
  EXPECT_EQ(count_of(s2, "absent_zeroed"), 3);
  EXPECT_EQ(f.qty("AB-1804", kBue), "0.00");
}

TEST(OdooSqlSink, AbsentZeroingSuppressedByUnreadableKeysAndRejectedRowsCountAsPresent) {
  Fx f;
  seed_019(f);
  OfferBatch b;
  b.offers = {offer("AB-1801", "189", "2", "4"), offer("AB-1802", "410", "1", "0")};
  b.rejects.push_back({{"feed.csv", 4}, "AB-1803", "BAD_NUMBER", "cost '7,8,0'"});  // present, left alone
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.qty("AB-1803", kCba), "40.00");
  EXPECT_EQ(f.qty("AB-1804", kCba), "0.00");  // 2/4 = 50 %: not below the guard
  EXPECT_EQ(count_of(s, "rejects"), 1);

  Fx g;
  seed_019(g);
  b.rejects.push_back({{"feed.csv", 5}, "", "BLANK_SKU", "empty CODPROV"});
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(g.config(), b, s2));
  EXPECT_EQ(g.qty("AB-1804", kCba), "12.00");
  EXPECT_NE(s2.pulse.text.find("BLANK_SKU"), std::string::npos) << s2.pulse.text;
}

TEST(OdooSqlSink, VariantPriceConflictLeavesTemplatePriceButAppliesStock) {
  Fx f;
  f.add_product("V-1", true, "air", "50");
  f.add_product("V-2", true, "air", "50", "V-1");  // a second variant of V-1's template
  OfferBatch b;
  b.offers = {offer("V-1", "60", "1", "0"), offer("V-2", "61", "2", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.price("V-1"), "50.00");
  EXPECT_EQ(f.qty("V-1", kCba), "1.00");
  EXPECT_EQ(f.qty("V-2", kCba), "2.00");
  EXPECT_EQ(count_of(s, "variant_price_conflict"), 2);
}

TEST(OdooSqlSink, PriceZeroOrMissingKeepsPriceAppliesStock) {  // case 017 (after pricing: list_price nullopt)
  Fx f;
  for (const char* c : {"PZ-1601", "PZ-1605"}) {
    f.add_product(c, true, "air", "50");
    f.add_quant(c, kCba, "1");
    f.add_quant(c, kBue, "1");
  }
  OfferBatch b;
  b.offers = {offer("PZ-1601", std::nullopt, "3", "3"), offer("PZ-1605", "45.10", "6", "6", 6)};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(f.price("PZ-1601"), "50.00");
  EXPECT_EQ(f.qty("PZ-1601", kCba), "3.00");
  EXPECT_EQ(f.price("PZ-1605"), "45.10");
  EXPECT_EQ(count_of(s, "no_price"), 1);
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM tecsync.reject WHERE code = 'NO_PRICE' AND sku = 'PZ-1601'"), "1");
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "OK_WITH_WARNINGS");
}

TEST(OdooSqlSink, SkuPaddingIsTrimmedOnBothSides) {
  Fx f;
  f.add_product("\xC2\xA0TR-1 \t", true, "air", "5");  // NBSP / TAB padding in Odoo
  OfferBatch b;
  b.offers = {offer("TR-1", "6", "1", "0")};
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(count_of(s, "offers_matched"), 1);
  EXPECT_EQ(f.db.scalar("SELECT t.list_price::numeric(10,2)::text FROM product_template t JOIN product_product p ON "
                        "p.product_tmpl_id = t.id WHERE p.default_code LIKE '%TR-1%'"),
            "6.00");
}

TEST(OdooSqlSink, TrimSkuMatchesTheSqlTrimSet) {
  EXPECT_EQ(odoo::trim_sku("\xC2\xA0 TR-1\t\xC2\xA0 "), "TR-1");
  EXPECT_EQ(odoo::trim_sku(" \t "), "");
  EXPECT_EQ(odoo::trim_sku("A B\xC2\xA0"
                           "C"),
            "A B\xC2\xA0"
            "C");  // only the ends
  EXPECT_EQ(odoo::trim_sku("\xC3\xA0"
                           "X"),
            "\xC3\xA0"
            "X");  // 'à' ends in A0 but is not NBSP
}

// A SKU staged twice (padded once) sends the cycle down the general
// de-duplication: its last row wins, counted once.
TEST(OdooSqlSink, RepeatedPaddedSkuLastRowWins) {
  Fx f;
  f.add_product("RP-1", true, "air", "5");
  f.add_product("RP-2", true, "air", "5");
  OfferBatch b;
  b.offers = {offer(" RP-1", "6", "1", "0", 2), offer("RP-2", "8", "0", "0", 3),
              offer("RP-1\xC2\xA0", "7", "4", "2", 4)};
  CycleSummary s;
  Status st = run_cycle(f.config(), b, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(count_of(s, "offers_read"), 3);
  EXPECT_EQ(count_of(s, "offers_matched"), 2);
  EXPECT_EQ(f.price("RP-1"), "7.00");
  EXPECT_EQ(f.qty("RP-1", kCba), "4.00");
  EXPECT_EQ(f.qty("RP-1", kBue), "2.00");
  EXPECT_EQ(f.price("RP-2"), "8.00");
}

// Two warehouse codes mapped to one location: their quantities add up on one
// quant, and a product with stock only through them is not "no stock".
TEST(OdooSqlSink, TwoCodesOnOneLocationAddUp) {
  Fx f;
  f.add_product("TC-1", true, "air", "5");
  f.add_product("TC-2", true, "air", "5");
  odoo::SinkConfig c = f.config();
  c.locations = {{"S_CBA", kCba}, {"S_BUE", kCba}};
  OfferBatch b;
  b.offers = {offer("TC-1", "6", "3", "4"), offer("TC-2", "6", "0", "0")};
  CycleSummary s;
  Status st = run_cycle(c, b, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(f.qty("TC-1", kCba), "7.00");
  EXPECT_EQ(f.db.scalar("SELECT count(*) FROM stock_quant"), "1");
  EXPECT_EQ(count_of(s, "quants_created"), 1);
  EXPECT_EQ(f.db.scalar("SELECT split_part(t.x_tecsync_pulse, ' · ', 1) FROM product_template t "
                        "JOIN product_product p ON p.product_tmpl_id = t.id WHERE p.default_code = 'TC-1'"),
            pulse::success().text);
  EXPECT_EQ(f.db.scalar("SELECT split_part(t.x_tecsync_pulse, ' · ', 1) FROM product_template t "
                        "JOIN product_product p ON p.product_tmpl_id = t.id WHERE p.default_code = 'TC-2'"),
            pulse::no_stock().text);
}

TEST(OdooSqlSink, TenThousandSkusLandQuicklyAndTwiceIsNothing) {
  Fx f;
  f.add_product("SEED-0", true, "air", "1");  // gives the supplier line's shape to copy
  f.db.exec(R"SQL(
    CREATE TEMP TABLE n AS SELECT g, nextval('product_template_id_seq') AS tid FROM generate_series(1, 10000) g;
    INSERT INTO product_template (id, name, detailed_type, type, categ_id, uom_id, uom_po_id, default_code, list_price,
                                  sale_ok, purchase_ok, active, tracking, create_uid, write_uid, create_date, write_date)
    SELECT tid, jsonb_build_object('en_US', 'P' || g), 'product', 'product', 1, 1, 1, 'K' || g, 0, true, true, true,
           'none', 2, 2, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM n;
    INSERT INTO product_product (product_tmpl_id, default_code, combination_indices, active, create_uid, write_uid,
                                 create_date, write_date)
    SELECT tid, 'K' || g, '', true, 2, 2, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM n;
    INSERT INTO product_supplierinfo (partner_id, product_tmpl_id, product_code, price, currency_id, delay, min_qty,
                                      sequence, company_id, create_uid, write_uid, create_date, write_date)
    SELECT (SELECT id FROM res_partner WHERE name = 'Air Computers'), tid, 'K' || g, 1, 1, 1, 0, 1, 1, 2, 2,
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM n;
  )SQL");
  OfferBatch b;
  for (int i = 1; i <= 10000; ++i)
    b.offers.push_back(offer("K" + std::to_string(i), std::to_string(i) + ".25", std::to_string(i % 7),
                             std::to_string(i % 3), static_cast<std::uint64_t>(i + 1)));
  b.offers.push_back(offer("SEED-0", "1", "0", "0"));
  const auto t0 = std::chrono::steady_clock::now();
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "10k cycle: " << ms << " ms, rows_written " << s.rows_written << "\n";
  EXPECT_EQ(count_of(s, "prices_changed"), 10000);
  EXPECT_EQ(f.qty("K9999", kCba), "3.00");
  EXPECT_LT(ms, 10000);  // well under a second on an idle machine; generous for shared CI
  const auto t1 = std::chrono::steady_clock::now();
  CycleSummary s2;
  ASSERT_TRUE(run_cycle(f.config(), b, s2));
  std::cout << "10k second cycle: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t1).count()
            << " ms, rows_written " << s2.rows_written << "\n";
  EXPECT_EQ(s2.rows_written, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::seconds(10));
}

// Case 007: the source rejects a SKU whose rows conflict, but its first row may
// already have been staged in an earlier batch; the sink must not apply it.
TEST(OdooSqlSink, ConflictingDuplicateRejectedAcrossBatchesIsNotApplied) {
  Fx f;
  f.add_product("DC-0701", true, "air", "50");
  f.add_product("DC-0702", true, "air", "50");
  OfferBatch first;
  first.offers = {offer("DC-0701", "60", "1", "0"), offer("DC-0702", "70", "2", "0")};
  OfferBatch second;
  second.rejects.push_back(RowIssue{{"feed.csv", 9}, "DC-0701", "DUPLICATE_CONFLICT", "differs from line 2"});
  odoo::OdooSqlSink sink(f.config());
  CycleInfo info{"air_flash", Strategy::flash, std::chrono::system_clock::now()};
  CycleSummary s;
  ASSERT_TRUE(sink.begin(info, StreamFacts{}));
  ASSERT_TRUE(sink.write(first));
  ASSERT_TRUE(sink.write(second));
  ASSERT_TRUE(sink.commit(s));
  EXPECT_EQ(f.price("DC-0701"), "50.00");
  EXPECT_EQ(f.quant_rows("DC-0701", kCba), 0);
  EXPECT_EQ(f.price("DC-0702"), "70.00");
  EXPECT_EQ(f.qty("DC-0702", kCba), "2.00");
}

namespace {

// The history row says exactly what the run prints: the host's warnings
// (source pulses the sink cannot see) and the sink's own (row warnings by code)
// fold into one status and pulse, with the suffix of the cycle's start.
TEST(OdooSqlSinkRecord, FoldsHostAndRowWarningsIntoTheRecordedStatusAndPulse) {
  Fx f;
  f.add_product("W-1", true, "air", "10");
  OfferBatch b;
  b.offers = {offer("W-1", "12", "3", "0")};
  b.offers[0].warnings.push_back({{"feed.csv", 2}, "W-1", "STOCK_TEXT", "CBA 'consultar' read as 0"});
  b.offers[0].warnings.push_back({{"feed.csv", 2}, "W-1", "STOCK_TEXT", "BS AS 'sin stock' read as 0"});
  const auto started = std::chrono::system_clock::now() - std::chrono::seconds(90);  // a long download
  CycleInfo info{"air_flash", Strategy::flash, started};
  odoo::OdooSqlSink sink(f.config(), nullptr, nullptr, &info);
  ASSERT_TRUE(sink.begin(info, StreamFacts{}));
  ASSERT_TRUE(sink.write(b));
  CycleSummary s;
  s.warnings_in = {pulse::warning("Unknown Column", "EXTRA in feed.csv")};
  ASSERT_TRUE(sink.commit(s));
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(s.pulse.text, "⚠️ Unknown Column: EXTRA in feed.csv; also: Stock Text");
  const std::string suffix = pulse_suffix(Strategy::flash, started);
  EXPECT_EQ(f.db.scalar("SELECT status FROM tecsync.cycle"), "OK_WITH_WARNINGS");
  EXPECT_EQ(f.db.scalar("SELECT pulse FROM tecsync.cycle"), s.pulse.text + suffix);
  // The per-product field carries the same instant.
  EXPECT_EQ(f.db.scalar("SELECT substr(x_tecsync_pulse, length(x_tecsync_pulse) - 22) FROM product_template "
                        "WHERE default_code = 'W-1'"),
            pulse_suffix(Strategy::flash, started).substr(std::string(" · flash · ").size()));
  // ended_at is when the row was written, not when the cycle's transaction began.
  EXPECT_EQ(f.db.scalar("SELECT ended_at - started_at >= interval '89 seconds' FROM tecsync.cycle"), "t");
  EXPECT_NE(s.issues_at.find("FROM tecsync.reject WHERE cycle_id = "), std::string::npos) << s.issues_at;
  EXPECT_EQ(f.db.scalar(s.issues_at.replace(0, s.issues_at.find(" FROM"), "SELECT count(*)")), "2");
}

TEST(OdooSqlSinkRecord, OfferWarningAloneIsAWarningPulse) {  // case 009: never `✅ Success` with warnings
  Fx f;
  f.add_product("W-2", true, "air", "10");
  OfferBatch b;
  b.offers = {offer("W-2", "12", "3", "0")};
  for (int i = 0; i < 3; ++i) b.offers[0].warnings.push_back({{"feed.csv", 2}, "W-2", "STOCK_TEXT", "text"});
  CycleSummary s;
  ASSERT_TRUE(run_cycle(f.config(), b, s));
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(s.pulse.text, "⚠️ Stock Text: 3 row(s)");
  EXPECT_EQ(f.db.scalar("SELECT status || ' | ' || split_part(pulse, ' · ', 1) FROM tecsync.cycle"),
            "OK_WITH_WARNINGS | ⚠️ Stock Text: 3 row(s)");
}

// The feed failed before begin (FeedEmpty): the FAILED cycle is still recorded,
// and Odoo's tables are not touched.
TEST(OdooSqlSinkRecord, AbortWithoutBeginRecordsTheFailedCycle) {
  Fx f;
  f.add_product("A-1", true, "air", "100");
  const std::string before = f.dump();
  const auto started = std::chrono::system_clock::now();
  CycleInfo info{"air_flash", Strategy::flash, started};
  odoo::OdooSqlSink sink(f.config(), nullptr, nullptr, &info);
  Status why = Status::failed(FailureArea::feed, "FeedEmpty", "http://127.0.0.1:1/v2/: page 0 is [] (0 items)");
  sink.abort(why);
  EXPECT_EQ(f.dump(), before);
  EXPECT_EQ(f.db.scalar("SELECT pipeline || ' | ' || status || ' | ' || pulse || ' | ' || failure_point "
                        "FROM tecsync.cycle"),
            "air_flash | FAILED:FeedEmpty | " + pulse::from_status(why).text + pulse_suffix(Strategy::flash, started) +
                " | " + why.detail);
}

TEST(OdooSqlSinkRecord, AbortWithoutBeginAndNoReachableDatabaseIsQuiet) {
  auto c = odoo::SinkConfig{};
  c.dsn = "host=127.0.0.1 port=1 dbname=none user=none";
  CycleInfo info{"air_flash", Strategy::flash, std::chrono::system_clock::now()};
  odoo::OdooSqlSink sink(c, nullptr, nullptr, &info);
  sink.abort(Status::failed(FailureArea::feed, "FeedEmpty", "empty"));  // must not throw or hang
  SUCCEED();
}

}  // namespace
