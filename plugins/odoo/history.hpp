#pragma once
/// @file
/// The flash sink's side of tecsync's run history. The schema, the cycle row and
/// `read_cycles` are shared with the deep sink (plugins/history,
/// `tecsync::history`); what is the flash sink's own is copying its session's
/// staged issues (`tecsync_stage_issue`) into tecsync.reject.

#include <cstdint>
#include <pqxx/pqxx>

#include "cycle_history.hpp"

namespace tecsync::odoo {

/// One cycle's record, as written (`tecsync::history::CycleRow`).
using HistoryRow = tecsync::history::CycleRow;
using tecsync::history::read_cycles;

/// Creates the schema and tables if missing (own short transaction).
inline void ensure_history_schema(pqxx::connection& conn) { tecsync::history::ensure_schema(conn); }

/// Inserts the cycle row and, when `with_issues`, copies the session's
/// `tecsync_stage_issue` rows into tecsync.reject. Runs in `tx`; returns the cycle id.
std::int64_t write_cycle(pqxx::transaction_base& tx, const HistoryRow& record, bool with_issues);

}  // namespace tecsync::odoo
