#pragma once
/// @file
/// tecsync's own run history, in schema `tecsync` (never Odoo's `public`).
///
/// ```
/// tecsync.cycle  (id bigserial, pipeline, strategy, started_at timestamptz, ended_at timestamptz,
///                 status text  -- OK | OK_WITH_WARNINGS | FAILED:<Class> | SKIPPED:<Class>
///                 pulse text, counts jsonb, failure_point text)
/// tecsync.reject (id bigserial, cycle_id → cycle ON DELETE CASCADE, resource, line, sku, code, detail,
///                 kind text      -- reject (row dropped) | warning (row applied) | outcome (SKU result))
/// ```

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/plugin.hpp"

namespace tecsync::odoo {

/// One cycle's record, as written.
struct HistoryRow {
  std::string pipeline;
  std::string strategy;  ///< flash | deep
  std::chrono::system_clock::time_point started_at;
  std::string status;
  std::string pulse;  ///< with its ` · flash · <UTC time>` suffix
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::string failure_point;  ///< empty on success
};

/// Creates the schema and tables if missing (own short transaction).
void ensure_history_schema(pqxx::connection& conn);

/// Inserts the cycle row and, when `with_issues`, copies the session's
/// `tecsync_stage_issue` rows into tecsync.reject. Runs in `tx`; returns the cycle id.
std::int64_t write_cycle(pqxx::transaction_base& tx, const HistoryRow& record, bool with_issues);

/// The last `limit` cycles of `pipeline`, newest first, for `tecsync status`.
/// An empty list when schema `tecsync` does not exist yet (no cycle ran).
/// `rows_written` is the sum of the writes the counts name (prices_changed,
/// quants_changed, quants_created, pulses_written). Runs in `tx` (read only).
std::vector<tecsync::CycleRecord> read_cycles(pqxx::transaction_base& tx, const std::string& pipeline,
                                              std::size_t limit);

}  // namespace tecsync::odoo
