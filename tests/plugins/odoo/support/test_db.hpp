#pragma once
/// @file
/// A fresh PostgreSQL database per test, on the server named by TECSYNC_TEST_PG.
///
/// The constructor creates a uniquely named database and loads SQL files into it
/// (plain SQL only: no psql meta-commands); the destructor drops it. Without
/// TECSYNC_TEST_PG the constructor throws, so the test FAILS with a clear message
/// instead of passing silently.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace tecsync::pgtest {

class TestDb {
 public:
  explicit TestDb(const std::vector<std::string>& sql_files) {
    const char* base = std::getenv("TECSYNC_TEST_PG");
    if (!base || !*base)
      throw std::runtime_error(
          "TECSYNC_TEST_PG is not set: export TECSYNC_TEST_PG=\"host=127.0.0.1 port=55432 user=postgres "
          "dbname=postgres\" (scripts/pg.sh starts a throwaway server)");
    base_ = base;
    std::mt19937_64 rng(static_cast<unsigned long>(std::chrono::steady_clock::now().time_since_epoch().count()));
    name_ = "tecsync_t_" + std::to_string(::getpid()) + "_" + std::to_string(rng() % 1000000000);
    {
      pqxx::connection admin{base_};
      pqxx::nontransaction tx{admin};
      tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " ENCODING 'UTF8' TEMPLATE template0");
    }
    for (const auto& f : sql_files) load(f);
  }
  ~TestDb() {
    try {
      pqxx::connection admin{base_};
      pqxx::nontransaction tx{admin};
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (...) {
    }
  }
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  /// libpq connection string of the test database (later keys win in libpq).
  std::string dsn() const { return base_ + " dbname=" + name_; }
  const std::string& name() const { return name_; }

  /// Runs a file's statements (one simple-query round trip; the file may hold BEGIN/COMMIT).
  void load(const std::string& path) const {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    exec(ss.str());
  }
  void exec(const std::string& sql) const {
    pqxx::connection c{dsn()};
    pqxx::nontransaction tx{c};
    tx.exec(sql);
  }
  pqxx::result query(const std::string& sql) const {
    pqxx::connection c{dsn()};
    pqxx::nontransaction tx{c};
    return tx.exec(sql);
  }
  /// The single value of a one-row, one-column query, as text ("" for NULL).
  std::string scalar(const std::string& sql) const {
    auto r = query(sql);
    if (r.empty() || r[0][0].is_null()) return {};
    return r[0][0].c_str();
  }

 private:
  std::string base_;
  std::string name_;
};

}  // namespace tecsync::pgtest
