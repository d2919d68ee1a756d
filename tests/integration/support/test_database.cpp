#include "support/test_database.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

#include "support/process.hpp"

namespace tecsync::it {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(TECSYNC_IT_REPO) / "tests/fixtures/odoo";

}  // namespace

std::optional<std::string> test_pg_conninfo() {
  const char* v = std::getenv("TECSYNC_TEST_PG");
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

TestDatabase::TestDatabase(const std::string& hint) {
  auto base = test_pg_conninfo();
  if (!base) throw std::runtime_error("TECSYNC_TEST_PG is not set");
  base_ = *base;
  static std::atomic<int> counter{0};
  std::string clean;
  for (char c : hint)
    clean.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
  name_ = "tecsync_it_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + clean.substr(0, 30);
  conninfo_ = base_ + " dbname=" + name_;
  pqxx::connection admin(base_);
  pqxx::nontransaction tx(admin);
  tx.exec0("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0 ENCODING 'UTF8'");
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(base_);
    pqxx::nontransaction tx(admin);
    tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
    // A leftover test database is harmless; never throw from a destructor.
  }
}

void TestDatabase::load_odoo(const std::filesystem::path& expected_csv, const std::filesystem::path& scratch) {
  const auto catalog = std::filesystem::absolute(expected_csv).string();
  ProcessResult r = run_process({TECSYNC_IT_PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "catalog=" + catalog, "-v",
                                 "currency=ARS", "-d", conninfo_, "-f", (kFixtures / "odoo17.sql").string(), "-f",
                                 (kFixtures / "pulse_field.sql").string(), "-f", (kFixtures / "seed_air.sql").string()},
                                scratch);
  if (r.exit_code != 0)
    throw std::runtime_error("loading the Odoo fixtures into " + name_ + " failed: " + r.describe());
}

}  // namespace tecsync::it
