#pragma once
/// @file
/// Session-private staging: offers, stock and row issues COPYed into TEMP tables
/// batch by batch, so the apply step sees the whole feed before it writes.

#include <cstdint>
#include <pqxx/pqxx>

#include "target_check.hpp"
#include "tecsync/records.hpp"

namespace tecsync::odoo {

/// Creates (or empties) the TEMP tables on this session:
/// * `tecsync_stage_offer(seq, sku, list_price, resource, line)` — one row per offer, in arrival order;
/// * `tecsync_stage_stock(seq, code, qty)` — one row per offer and warehouse code;
/// * `tecsync_stage_issue(kind, resource, line, sku, code, detail)` — kind `reject`
///   (row dropped upstream) or `warning` (row applied); the apply step adds SKU
///   outcomes (`UNKNOWN_SKU`, …) in its own transaction;
/// * `tecsync_loc(code, location_id, company_id)` — the resolved mapping.
/// They live until the connection closes; nothing in Odoo's tables is touched.
void create_staging(pqxx::connection& conn, const Target& target);

/// COPYs one batch (one short transaction). `seq` numbers offers across batches
/// so that a SKU seen twice resolves to its last row. Returns offers staged.
std::int64_t stage_batch(pqxx::connection& conn, const OfferBatch& batch, std::int64_t& seq);

}  // namespace tecsync::odoo
