// Case 023: session B holds FOR UPDATE on LK-2201's Córdoba quant. With
// lock_timeout 5 s, 3 attempts and backoff 2 s (then 4 s): a 3 s hold ends OK;
// a 120 s hold ends FAILED:DbLockTimeout after ≈ 21 s with Odoo unchanged, no
// side quant, and B commits normally afterwards (never cancelled).
//
// lock_session.sql runs on its own connection in a thread: BEGIN and its
// SELECT … FOR UPDATE as written; its `pg_sleep(:hold)` is a wait the test can
// end early, so the long scenario does not idle the remaining ~100 s after the
// connector gave up (B still commits, on its own connection, and the test
// checks that the commit succeeded).
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

/// Session B: lock, hold for `hold` (or until release()), commit.
class LockSession {
 public:
  LockSession(const std::string& conninfo, const std::string& lock_sql, std::chrono::seconds hold) {
    std::promise<void> locked;
    auto is_locked = locked.get_future();
    thread_ = std::thread([this, conninfo, lock_sql, hold, locked = std::move(locked)]() mutable {
      try {
        pqxx::connection c(conninfo);
        pid_ = c.backendpid();
        pqxx::work tx(c);
        tx.exec(lock_sql);
        locked.set_value();
        {
          std::unique_lock<std::mutex> lk(mu_);
          cv_.wait_for(lk, hold, [this] { return released_; });
        }
        tx.commit();
        committed_ = true;
      } catch (const std::exception& e) {
        error_ = e.what();
        try {
          locked.set_value();
        } catch (...) {
        }
      }
    });
    is_locked.wait();
  }
  ~LockSession() {
    release();
    if (thread_.joinable()) thread_.join();
  }
  void release() {
    std::lock_guard<std::mutex> lk(mu_);
    released_ = true;
    cv_.notify_all();
  }
  /// Waits for B to end; true when it committed normally.
  bool finish() {
    if (thread_.joinable()) thread_.join();
    return committed_;
  }
  const std::string& error() const { return error_; }
  int pid() const { return pid_; }

 private:
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  bool committed_ = false;
  std::string error_;
  int pid_ = 0;
};

/// The statement between BEGIN; and SELECT pg_sleep in lock_session.sql.
std::string lock_statement(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  const std::string sql = s.str();
  const auto begin = sql.find("BEGIN;");
  const auto sleep = sql.find("SELECT pg_sleep");
  if (begin == std::string::npos || sleep == std::string::npos) throw std::runtime_error("unexpected " + file.string());
  return sql.substr(begin + 6, sleep - begin - 6);
}

const tecsync::cases::Keys kDbPolicy = {{"lock_timeout", "5"}, {"attempts", "3"}, {"backoff", "2"}};

TEST_F(Cases, c023_stock_quant_row_locked) {
  const std::string lock_sql = lock_statement(case_file("lock_session.sql"));
  {
    SCOPED_TRACE("short: hold 3 s");
    tecsync::cases::RunOptions o;
    o.url = serve("feed.csv");
    o.sink = kDbPolicy;
    LockSession b(odoo().conninfo(), lock_sql, std::chrono::seconds(3));
    ASSERT_EQ(b.error(), "");
    auto r = run(o);
    EXPECT_TRUE(b.finish()) << b.error();
    ASSERT_TRUE(r.status() == "OK" || r.status() == "OK_WITH_WARNINGS") << r.describe();
    for (const auto& x : odoo().rejects()) EXPECT_EQ(x.code, "DB_RETRY") << x.sku << " " << x.detail;
    EXPECT_EQ(odoo().price("LK-2201"), "310.00");
    EXPECT_EQ(odoo().qty("LK-2201", kCordoba), "9");
    EXPECT_EQ(odoo().quant_rows("LK-2201", kCordoba), 1);
    EXPECT_EQ(odoo().qty("LK-2201", kBuenosAires), "4");
    EXPECT_EQ(odoo().quant_rows("LK-2201", kBuenosAires), 1);
    EXPECT_EQ(odoo().price("LK-2202"), "48.00");
    EXPECT_EQ(odoo().qty("LK-2202", kCordoba), "0");
    EXPECT_EQ(odoo().qty("LK-2202", kBuenosAires), "2");
    EXPECT_TRUE(odoo().quants_invariant_i4());
    expect_second_run_writes_nothing(o);
  }
  {
    SCOPED_TRACE("long: hold 120 s");
    fresh_db();
    tecsync::cases::RunOptions o;
    o.url = serve("feed.csv");
    o.sink = kDbPolicy;
    const auto before = odoo().snapshot();
    LockSession b(odoo().conninfo(), lock_sql, std::chrono::seconds(120));
    ASSERT_EQ(b.error(), "");
    auto r = run(o);
    // B is still there, holding its lock: the connector neither cancelled nor terminated it.
    EXPECT_EQ(odoo().scalar("SELECT state FROM pg_stat_activity WHERE pid = " + std::to_string(b.pid())),
              "idle in transaction");
    b.release();
    EXPECT_TRUE(b.finish()) << "session B did not commit normally: " << b.error();

    expect_untouched(r, "FAILED:DbLockTimeout", before);
    EXPECT_GE(r.wall_seconds, 15) << r.describe();
    EXPECT_LE(r.wall_seconds, 35) << "≈ 3×5 s + 2 s + 4 s expected\n" << r.describe();
    const std::string detail = r.failure_detail();
    EXPECT_NE(detail.find("55P03"), std::string::npos) << r.describe();
    EXPECT_NE(detail.find("stock_quant"), std::string::npos) << r.describe();
    EXPECT_NE(detail.find("LK-2201"), std::string::npos) << r.describe();
    EXPECT_EQ(odoo().price("LK-2201"), "300.00");
    EXPECT_EQ(odoo().qty("LK-2201", kCordoba), "4");
    EXPECT_EQ(odoo().qty("LK-2202", kCordoba), "1");
    EXPECT_EQ(odoo().price("LK-2202"), "45.00");
  }
}

}  // namespace
