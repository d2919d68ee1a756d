#pragma once
/// @file
/// One item of an Air API v2 page (`q=syp` or `q=articulos`) into an `Offer`.
///
/// Item shape (fixtures/air/README.md §1): `codigo` (SKU), `precio` (string or
/// number), `moneda` (`DOL` = USD, `PES` = ARS), `impuesto_iva.alicuota`
/// (percent), and one object per warehouse (`cba`, `lug`, …) whose
/// `disponible` is the sellable stock.

#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <variant>

#include "config.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

/// Either the offer (possibly with warnings) or the reject.
using ItemResult = std::variant<Offer, RowIssue>;

/// Converts `item` found at `origin`. `cotiza` (ARS per USD, from login)
/// range-checks ARS costs against `max_cost`, which is in USD. Never throws on bad data.
ItemResult parse_api_item(const nlohmann::json& item, const AirConfig& config, const Origin& origin,
                          std::chrono::sys_seconds observed_at, std::optional<Decimal> cotiza = std::nullopt);

}  // namespace tecsync::air
