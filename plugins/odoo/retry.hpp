#pragma once
/// @file
/// Database failures with their SQL step, and the retry policy of the cycle transaction.

#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>

#include "tecsync/host.hpp"

namespace tecsync::odoo {

/// A failed SQL step, with what an admin needs to find it.
struct DbFailure : std::runtime_error {
  DbFailure(std::string sqlstate_, std::string step_, std::string table_, std::string message)
      : std::runtime_error(std::move(message)),
        sqlstate(std::move(sqlstate_)),
        step(std::move(step_)),
        table(std::move(table_)) {}
  std::string sqlstate;  ///< e.g. 55P03; empty when not known
  std::string step;      ///< the sink's own step name, e.g. "lock quants"
  std::string table;     ///< the Odoo table the step touches
  std::string skus;      ///< SKUs involved, when known (comma list)

  /// Worth retrying the whole transaction: lock timeout, serialization failure, deadlock.
  bool retryable() const { return sqlstate == "55P03" || sqlstate == "40001" || sqlstate == "40P01"; }
  /// `SQLSTATE 55P03 (lock_not_available) at step 'lock quants' on table stock_quant, SKU LK-2201: …`
  std::string describe() const;
};

/// Runs `body`, turning libpqxx errors into DbFailure carrying `step` and `table`.
/// DbFailure passes through unchanged.
template <class Body>
auto in_step(const char* step, const char* table, Body&& body) -> decltype(body());

/// Human name of a SQLSTATE the sink reacts to ("lock_not_available", …).
std::string sqlstate_name(const std::string& sqlstate);

/// Rethrows the current pqxx exception as DbFailure (call inside a catch).
[[noreturn]] void rethrow_as_db_failure(const char* step, const char* table);

/// Sleeps `delay`, waking every 100 ms to honour cancellation. Returns false if cancelled.
bool sleep_unless_cancelled(std::chrono::milliseconds delay, const Cancellation* cancel);

template <class Body>
auto in_step(const char* step, const char* table, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const DbFailure&) {
    throw;
  } catch (...) {
    rethrow_as_db_failure(step, table);
  }
}

}  // namespace tecsync::odoo
