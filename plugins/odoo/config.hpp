#pragma once
/// @file
/// `[sink.<name>]` keys of the Odoo SQL sink, parsed and checked once.

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync::odoo {

/// One mapped warehouse: tecsync code (`S_CBA`) → stock.location complete_name.
struct LocationMapping {
  std::string code;
  std::string complete_name;
};

/// The sink's configuration. Every key is documented in README.md.
struct SinkConfig {
  std::string dsn;                                 ///< libpq connection string (secrets already expanded)
  std::string supplier;                            ///< res.partner name of the vendor that owns the products
  std::vector<LocationMapping> locations;          ///< `location.<CODE> = <complete_name>`, at least one
  std::chrono::milliseconds lock_timeout{5000};    ///< SET LOCAL lock_timeout of the cycle transaction
  std::chrono::milliseconds statement_timeout{0};  ///< 0 = no statement_timeout
  int attempts = 3;                                ///< tries of the whole cycle transaction
  std::chrono::milliseconds backoff{2000};         ///< first wait between tries, doubling
  std::string odoo_user = "admin";                 ///< res_users.login written as create/write uid
  Decimal absent_min_coverage = Decimal::from_units(500'000);  ///< share 0..1 for rule A2
  std::string pulse_field = "x_tecsync_pulse";                 ///< product_template column, used if it exists
};

/// Reads `config`. Throws std::invalid_argument naming the key and the value.
SinkConfig parse_config(const boost::property_tree::ptree& config);

/// `dsn` with a 5 s connect timeout (for recording a failure, `status`,
/// `check`): a URI gets a query parameter, key=value text one more pair.
std::string with_connect_timeout(const std::string& dsn);

}  // namespace tecsync::odoo
