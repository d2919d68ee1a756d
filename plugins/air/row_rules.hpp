#pragma once
/// @file
/// The cell rules both Air forms share: cost, VAT and stock cells into an
/// `Offer`, with warnings attached to the offer and rejects returned.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

/// Why a row is rejected: a vocabulary code (`BAD_NUMBER`, …) and words for the admin.
struct Problem {
  std::string code;
  std::string detail;
};

/// Adds a warning (`NO_PRICE`, `STOCK_TEXT`, …) at the offer's own origin and SKU.
void warn(Offer& offer, std::string code, std::string detail);

/// The largest cost accepted in `currency`: `max_cost` is in USD; another
/// currency is checked through `usd_rate` (units of it per USD, e.g. Air's
/// `cotiza` for ARS) and left unchecked when no rate is known.
std::optional<Decimal> cost_limit(const AirConfig& config, const std::string& currency,
                                  std::optional<Decimal> usd_rate);

/// Sets `offer.cost` from a cost cell. Empty, `-`, 0 or negative: no cost and
/// a `NO_PRICE` warning. Unreadable: `BAD_NUMBER`; `2.100` without a declared
/// mark: `AMBIGUOUS_NUMBER`; above `limit`: `OUT_OF_RANGE`.
std::optional<Problem> set_cost(Offer& offer, std::string_view cell, std::optional<Decimal> limit, char decimal_mark);

/// Sets `offer.cost` from an already unambiguous decimal text (a JSON number).
std::optional<Problem> set_cost_exact(Offer& offer, const std::string& text, std::optional<Decimal> limit);

/// Sets `offer.vat_percent`. Empty: left unset. Unreadable: `BAD_NUMBER` /
/// `AMBIGUOUS_NUMBER`; not in `vat_rates`: `OUT_OF_RANGE`.
std::optional<Problem> set_vat(Offer& offer, std::string_view cell, const AirConfig& config, char decimal_mark);

/// One candidate source of a warehouse's quantity: its name (API key or sheet
/// column) and its cell text; nullopt text = the source is absent from this row.
struct StockCell {
  std::string name;
  std::optional<std::string> text;
};

/// Appends `warehouse`'s quantity: the first candidate whose quantity is > 0,
/// else the first present one (0). Stock text rules apply, with their warnings.
/// No candidate present: 0 and a `STOCK_MISSING` warning. Above
/// `max_quantity`: `OUT_OF_RANGE`.
std::optional<Problem> set_stock(Offer& offer, const WarehouseSpec& warehouse, const std::vector<StockCell>& cells,
                                 const AirConfig& config);

}  // namespace tecsync::air
