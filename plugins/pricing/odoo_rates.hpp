#pragma once
/// @file
/// `rate = odoo`: Odoo's own currency rates, read straight from its database.

#include <string>

#include "fx.hpp"

namespace tecsync::pricing {

/// Reads the company currency of `company` (a res_company name; empty = the
/// company with the lowest id) and, per currency, the latest `res_currency_rate`
/// dated on or before today (UTC) that belongs to that company, else to no
/// company — the order Odoo 17 uses. Odoo's `rate` is units of that currency per
/// one unit of company currency, so the table holds fx = 1 / rate, rounded to 6
/// digits in PostgreSQL's numeric (no binary float anywhere).
///
/// Throws std::runtime_error (connection refused, unknown company, …) with a
/// message naming the DSN's host-less part and the step; the caller turns it into
/// a failed status.
FxTable read_odoo_rates(const std::string& dsn, const std::string& company);

}  // namespace tecsync::pricing
