#pragma once
/// @file
/// One feed row's cells → an `Offer` (with its warnings) or a reject, by the
/// rules of cases/README (SKU, numbers N1–N5, stock text) through the SDK's
/// `tecsync/text` helpers. Both plugins fill a `RowCells` and call `build_offer`.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "feed_config.hpp"
#include "tecsync/records.hpp"

namespace tecsync::feeds {

/// One cell as the feed gave it. `number` = a JSON number (exact text: `12.5`,
/// `3`, `1.2e3`), read without the decimal-mark rules; `fractional` = that
/// number had `.`/`e`/`E` (a SKU in that form is `MANGLED_SKU`).
struct Cell {
  std::string text;
  bool number = false;
  bool fractional = false;
};

/// The row's cells for each configured field; nullopt = the field is absent
/// from this row (a missing JSON member; CSV columns are always present).
struct RowCells {
  std::optional<Cell> sku, cost, currency, vat, observed_at;
  std::vector<std::optional<Cell>> stock;  ///< one per `CommonConfig::stock`, same order
};

/// Builds the offer. Rejects: `BLANK_SKU`, `MANGLED_SKU`, `BAD_NUMBER`,
/// `AMBIGUOUS_NUMBER`, `OUT_OF_RANGE`, `UNKNOWN_CURRENCY`. Warnings on the
/// offer: `NO_PRICE`, `STOCK_TEXT`, `STOCK_LOWER_BOUND`, `NEGATIVE_STOCK`,
/// `STOCK_MISSING`, `BAD_DATE`. `fetched_at` is the observed-at time of rows
/// without a readable time stamp.
std::variant<Offer, RowIssue> build_offer(const CommonConfig& config, const RowCells& cells, const Origin& origin,
                                          std::chrono::sys_seconds fetched_at);

/// An ISO 8601 UTC/offset time stamp (`2026-11-29T10:15:00Z`, `…-03:00`, or
/// without zone = `utc_offset`), or nullopt.
std::optional<std::chrono::sys_seconds> parse_iso(std::string_view s, std::chrono::minutes utc_offset);

}  // namespace tecsync::feeds
