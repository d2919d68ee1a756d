#pragma once
/// @file
/// A fresh, uniquely named PostgreSQL database per test, on the server named by
/// TECSYNC_TEST_PG (a libpq conninfo such as
/// `host=127.0.0.1 port=55432 user=postgres dbname=postgres`), dropped at the end.

#include <filesystem>
#include <optional>
#include <string>

namespace tecsync::it {

/// TECSYNC_TEST_PG, or nullopt when it is unset or empty.
std::optional<std::string> test_pg_conninfo();

class TestDatabase {
 public:
  /// Creates `tecsync_it_<pid>_<n>_<hint>`. Throws (pqxx or runtime_error) when
  /// TECSYNC_TEST_PG is unset or the server refuses.
  explicit TestDatabase(const std::string& hint);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  /// The base conninfo with `dbname=<this database>` (later keys win in libpq).
  const std::string& conninfo() const { return conninfo_; }

  /// Loads the project's Odoo 17 schema, the pulse field and the Air seed
  /// (partner "Air Computers", locations WH/Air Córdoba and WH/Air Buenos Aires,
  /// ARS company currency, one product per row of `expected_csv`) with psql.
  /// Throws std::runtime_error with psql's output when a file fails.
  void load_odoo(const std::filesystem::path& expected_csv, const std::filesystem::path& scratch);

 private:
  std::string base_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace tecsync::it
