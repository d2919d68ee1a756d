#include "retry.hpp"

#include <pqxx/pqxx>
#include <thread>

namespace tecsync::odoo {

std::string sqlstate_name(const std::string& s) {
  if (s == "55P03") return "lock_not_available";
  if (s == "40001") return "serialization_failure";
  if (s == "40P01") return "deadlock_detected";
  if (s == "57014") return "query_canceled";
  if (s == "23502") return "not_null_violation";
  if (s == "08006" || s == "08000") return "connection_failure";
  return {};
}

std::string DbFailure::describe() const {
  std::string d;
  if (!sqlstate.empty()) {
    d = "SQLSTATE " + sqlstate;
    if (auto n = sqlstate_name(sqlstate); !n.empty()) d += " (" + n + ")";
    d += " ";
  }
  d += "at step '" + step + "'";
  if (!table.empty()) d += " on table " + table;
  if (!skus.empty()) d += ", SKU " + skus;
  std::string msg = what();
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (auto nl = msg.find('\n'); nl != std::string::npos) msg = msg.substr(0, nl);
  if (!msg.empty()) d += ": " + msg;
  return d;
}

void rethrow_as_db_failure(const char* step, const char* table) {
  try {
    throw;
  } catch (const pqxx::sql_error& e) {
    throw DbFailure(e.sqlstate(), step, table, e.what());
  } catch (const pqxx::deadlock_detected& e) {  // 6.4: not an sql_error, so no sqlstate()
    throw DbFailure("40P01", step, table, e.what());
  } catch (const pqxx::serialization_failure& e) {
    throw DbFailure("40001", step, table, e.what());
  } catch (const pqxx::transaction_rollback& e) {
    throw DbFailure("40000", step, table, e.what());
  } catch (const pqxx::broken_connection& e) {
    throw DbFailure("08006", step, table, e.what());
  } catch (const pqxx::in_doubt_error& e) {
    throw DbFailure("", step, table, std::string("commit outcome unknown: ") + e.what());
  } catch (const std::exception& e) {
    throw DbFailure("", step, table, e.what());
  }
}

bool sleep_unless_cancelled(std::chrono::milliseconds delay, const Cancellation* cancel) {
  using namespace std::chrono;
  const auto until = steady_clock::now() + delay;
  while (steady_clock::now() < until) {
    if (cancel && cancel->requested()) return false;
    std::this_thread::sleep_for(std::min<steady_clock::duration>(milliseconds(100), until - steady_clock::now()));
  }
  return !(cancel && cancel->requested());
}

}  // namespace tecsync::odoo
