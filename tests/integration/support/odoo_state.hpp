#pragma once
/// @file
/// A snapshot of what a flash sync owns in an Odoo database, per SKU, so tests
/// can compare it with the catalog's truth and with another snapshot.

#include <map>
#include <optional>
#include <string>

#include <tecsync/decimal.hpp>

namespace tecsync::it {

inline constexpr const char* kCordoba = "WH/Air Córdoba";
inline constexpr const char* kBuenosAires = "WH/Air Buenos Aires";

struct ProductSnapshot {
  Decimal list_price;
  Decimal cba;                  ///< sum of quants in WH/Air Córdoba (0 if none)
  Decimal bue;                  ///< sum of quants in WH/Air Buenos Aires (0 if none)
  long max_quants_per_key = 0;  ///< most quants for one (location, lot/package/owner NULL)
  long negative_reserved = 0;   ///< quants with quantity below reserved_quantity
  std::string template_write_date;
  std::string quant_write_date;      ///< latest write_date among its quants
  std::optional<std::string> pulse;  ///< x_tecsync_pulse, when the column exists

  bool operator==(const ProductSnapshot&) const = default;
};

/// default_code → snapshot, for every variant with a default_code.
using OdooState = std::map<std::string, ProductSnapshot>;

/// Reads the state from the database at `conninfo`. Throws pqxx errors.
OdooState snapshot_odoo(const std::string& conninfo);

}  // namespace tecsync::it
