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
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

namespace tecsync::odoo {

/// One cycle's record.
struct CycleRecord {
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
std::int64_t write_cycle(pqxx::transaction_base& tx, const CycleRecord& record, bool with_issues);

}  // namespace tecsync::odoo
