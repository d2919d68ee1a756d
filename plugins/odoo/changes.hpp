#pragma once
/// @file
/// What a dry run would change, read inside the cycle's transaction before it is
/// rolled back: a snapshot of the values the cycle may write (taken before
/// `apply_cycle`), then a diff against them (after it).

#include <cstddef>
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "target_check.hpp"

namespace tecsync::odoo {

/// Copies, into TEMP tables dropped with the transaction, the list prices of the
/// supplier's templates (those with a vendor line of `target`'s partner or one of
/// its contacts) and the quants without lot/package/owner in the mapped
/// locations (`tecsync_loc`). Call in `tx` before `apply_cycle`.
void snapshot_before(pqxx::work& tx, const Target& target);

/// The changes since `snapshot_before`, one line each, ordered by SKU:
/// `SKU 12345: list_price 10.00 → 12.50`,
/// `SKU 12345 @ WH/Air Córdoba: quantity 3 → 0` (` (absent from the feed)` for
/// rule A1). Quantities are per key (the sum of its quants).
struct PlannedChanges {
  std::vector<std::string> first;  ///< at most `limit` lines
  std::int64_t total = 0;          ///< every change line there is
};

/// Lists the first `limit` changes (and counts all) in `tx`, after `apply_cycle`
/// (it reads apply's `tecsync_match` to name templates by SKU).
PlannedChanges list_changes(pqxx::work& tx, std::size_t limit);

}  // namespace tecsync::odoo
