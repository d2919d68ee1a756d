#pragma once
/// @file
/// Checks, before anything is written, that the Odoo database is one the sink can
/// write correctly, and resolves the ids the cycle needs by natural key.

#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.hpp"

namespace tecsync::odoo {

/// A mapped stock.location, resolved.
struct ResolvedLocation {
  std::string code;           ///< tecsync warehouse code (`S_CBA`)
  std::string complete_name;  ///< as configured
  int id = 0;
  std::optional<int> company_id;  ///< the location's company (quants take it)
  bool under_warehouse = false;   ///< below some warehouse's view location (counts in qty_available)
};

/// What the cycle needs to know about the target.
struct Target {
  int supplier_partner_id = 0;  ///< the vendor company partner
  int uid = 0;                  ///< res_users id for create_uid/write_uid
  bool has_pulse_column = false;
  std::vector<ResolvedLocation> locations;
  std::vector<std::string> warnings;  ///< e.g. a location outside every warehouse
};

/// The target is not fit: a missing location or partner, a NOT NULL column the sink
/// cannot fill. The message says what and how to fix it.
struct TargetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs every check in one read-only transaction. Throws TargetError, or a pqxx
/// exception for a database failure.
Target check_target(pqxx::connection& conn, const SinkConfig& config);

}  // namespace tecsync::odoo
