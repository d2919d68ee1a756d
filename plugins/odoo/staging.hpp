#pragma once
/// @file
/// Session-private staging: offers, stock and row issues COPYed into TEMP tables
/// batch by batch, so the apply step sees the whole feed before it writes.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "target_check.hpp"
#include "tecsync/records.hpp"

namespace tecsync::odoo {

/// `sku` without the space, TAB and NBSP (U+00A0, UTF-8) around it: the same
/// text as the SQL `btrim(sku, E' \t' || chr(160))` on a UTF-8 database.
std::string_view trim_sku(std::string_view sku);

/// What staging learned on the way, so the apply step can skip the general
/// (costlier) SQL where the feed is plain: codes unique, stock one row per
/// (offer, location). Owned by the sink, reset by create_staging.
struct StageLog {
  std::int64_t seq = 0;                    ///< offers staged so far (the last `seq`)
  std::vector<std::uint64_t> code_hashes;  ///< hash of each staged non-blank code (8 bytes per offer)
  bool conflict_reject = false;            ///< a DUPLICATE_CONFLICT reject was staged
  bool stock_merges = false;               ///< an offer has two stock rows landing on one location
  /// True when every staged code is distinct (no hash seen twice; a collision
  /// only sends the cycle down the general path) and no SKU was rejected as a
  /// conflicting duplicate. Sorts `code_hashes`.
  bool feed_unique();
};

/// Creates (or empties) the TEMP tables on this session:
/// * `tecsync_stage_offer(seq, code, list_price, in_stock, resource, line)` — one row
///   per offer, in arrival order; `code` is `trim_sku(sku)` (the untrimmed SKU is not
///   needed after); `in_stock` whether some mapped location gets a quantity above 0;
/// * `tecsync_stage_stock(seq, location_id, qty)` — one row per offer and mapped
///   warehouse, the code resolved to its location id here (two codes may share one);
/// * `tecsync_stage_issue(kind, resource, line, sku, code, detail)` — kind `reject`
///   (row dropped upstream) or `warning` (row applied); the apply step adds SKU
///   outcomes (`UNKNOWN_SKU`, …) in its own transaction;
/// * `tecsync_loc(code, location_id, company_id)` — the resolved mapping.
/// They live until the connection closes; nothing in Odoo's tables is touched.
void create_staging(pqxx::connection& conn, const Target& target, StageLog& log);

/// COPYs one batch (one short transaction). `log.seq` numbers offers across
/// batches so that a SKU seen twice resolves to its last row. Stock rows of a
/// warehouse code the target does not map are not staged. Returns offers staged.
std::int64_t stage_batch(pqxx::connection& conn, const Target& target, const OfferBatch& batch, StageLog& log);

}  // namespace tecsync::odoo
