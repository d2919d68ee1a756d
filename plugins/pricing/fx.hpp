#pragma once
/// @file
/// Exchange rates into the company currency, and where each came from.

#include <map>
#include <optional>
#include <string>

#include "config.hpp"
#include "tecsync/decimal.hpp"
#include "tecsync/records.hpp"

namespace tecsync::pricing {

/// Rates for one cycle: company-currency units per one unit of a currency.
struct FxTable {
  std::string company_currency;       ///< ISO code the prices are in
  std::map<std::string, Decimal> fx;  ///< ISO code → company units per unit; never holds 0
  std::string source;                 ///< for messages: "rate = air", "rate = odoo (My Company)"

  /// fx of `currency`: 1 for the company currency, the table's entry otherwise,
  /// nullopt when unknown (the caller rejects the row: never a guess).
  std::optional<Decimal> lookup(const std::string& currency) const;
};

/// Builds the table for `rate = air` (from `facts.supplier_fx`, which converts
/// `facts.fx_base` into `facts.fx_quote`, valid only when `fx_quote` is the company
/// currency) or `rate = fixed:<n>` (USD only).
FxTable fx_from_config(const PricingConfig& config, const StreamFacts& facts);

}  // namespace tecsync::pricing
