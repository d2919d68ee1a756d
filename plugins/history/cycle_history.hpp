#pragma once
/// @file
/// tecsync's own run history, in schema `tecsync` (never Odoo's `public`),
/// written by every sink that keeps one (flash `odoo_sql`, deep `odoo_rpc`) so
/// `tecsync status` shows both strategies' cycles side by side.
///
/// ```
/// tecsync.cycle  (id bigserial, pipeline, strategy, started_at timestamptz, ended_at timestamptz,
///                 status text  -- OK | OK_WITH_WARNINGS | FAILED:<Class> | SKIPPED:<Class>
///                 pulse text, counts jsonb, failure_point text)
/// tecsync.reject (id bigserial, cycle_id → cycle ON DELETE CASCADE, resource, line, sku, code, detail,
///                 kind text      -- reject (row dropped) | warning (row applied) | outcome (SKU result))
/// ```
/// Errors: every function throws pqxx exceptions; callers decide whether a
/// history failure fails the cycle.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/plugin.hpp"

namespace tecsync::history {

/// One cycle's record, as written.
struct CycleRow {
  std::string pipeline;
  std::string strategy;  ///< flash | deep
  std::chrono::system_clock::time_point started_at;
  std::string status;
  std::string pulse;                                         ///< with its ` · <strategy> · <UTC time>` suffix
  std::vector<std::pair<std::string, std::int64_t>> counts;  ///< names are [a-z_] identifiers
  std::string failure_point;                                 ///< empty on success
};

/// One tecsync.reject row.
struct IssueRow {
  std::string resource;    ///< file/URL of a source row, or the Odoo model (`product.template`); may be empty
  std::uint64_t line = 0;  ///< 1-based source line; 0 = none (NULL)
  std::string sku;
  std::string code;  ///< UPPER_SNAKE (`API_ERROR`, `IMAGE_ERROR`, `UNKNOWN_SKU`, a source reject code)
  std::string detail;
  std::string kind = "reject";  ///< reject | warning | outcome
};

/// Creates the schema and tables if missing (own short transaction).
void ensure_schema(pqxx::connection& conn);

/// Inserts the cycle row in `tx` (ended_at = clock_timestamp()); returns its id.
std::int64_t insert_cycle(pqxx::transaction_base& tx, const CycleRow& row);

/// Inserts `issues` under `cycle_id` in `tx`, in one statement.
void insert_issues(pqxx::transaction_base& tx, std::int64_t cycle_id, const std::vector<IssueRow>& issues);

/// The query `CycleSummary::issues_at` names for a cycle's issues.
std::string issues_query(std::int64_t cycle_id);

/// `dsn` with a libpq connect timeout of `seconds` (keyword or URI form).
std::string with_connect_timeout(const std::string& dsn, int seconds);

/// The last `limit` cycles of `pipeline`, newest first, for `tecsync status`.
/// An empty list when schema `tecsync` does not exist yet (no cycle ran).
/// `rows_written` sums the writes the counts name: flash prices_changed,
/// quants_changed, quants_created; deep products_created, products_updated,
/// images_written; both pulses_written. Runs in `tx` (read only).
std::vector<tecsync::CycleRecord> read_cycles(pqxx::transaction_base& tx, const std::string& pipeline,
                                              std::size_t limit);

}  // namespace tecsync::history
