#pragma once
/// @file
/// `[transform.<name>]` keys of the pricing plugin, parsed and checked once.

#include <boost/property_tree/ptree.hpp>
#include <optional>
#include <string>

#include "tecsync/decimal.hpp"

namespace tecsync::pricing {

/// Where the exchange rate comes from.
enum class RateMode {
  air,    ///< the supplier's quote in `StreamFacts::supplier_fx` (Air login `cotiza`)
  fixed,  ///< `fixed:<n>`: company-currency units per 1 USD, from config
  odoo,   ///< Odoo's own `res_currency_rate`, read from the database once per cycle
};

/// The transform's configuration. Every key is documented in README.md.
struct PricingConfig {
  Decimal margin_percent;                          ///< 30 means +30 %; may be negative, > -100
  Decimal rounding = Decimal::from_units(10'000);  ///< step of the result, > 0 (0.01)
  std::string company_currency = "ARS";            ///< ISO code; for `rate = odoo` the DB's wins
  RateMode rate = RateMode::air;
  Decimal fixed_rate;        ///< `rate = fixed:<n>`: company-currency units per USD, > 0
  std::string dsn;           ///< `rate = odoo`: libpq connection string
  std::string company;       ///< `rate = odoo`: res_company name; empty = the first company
  int odoo_rate_ttl_s = 60;  ///< `rate = odoo`: re-read the rates after this many seconds
};

/// Reads `config` (the plugin's own section). Throws std::invalid_argument naming
/// the key and the bad value; the registration turns it into `PluginConfigError`.
PricingConfig parse_config(const boost::property_tree::ptree& config);

/// A key's value as written, without a trailing ` ; comment` and surrounding
/// blanks; nullopt if the key is absent. Keys are looked up literally (a `.` in a
/// key is not a path separator).
std::optional<std::string> config_value(const boost::property_tree::ptree& config, const std::string& key,
                                        bool strip_comment = true);

}  // namespace tecsync::pricing
