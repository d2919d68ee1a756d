#pragma once
/// @file
/// The truth a generated catalog comes with (`expected.csv`, written by
/// scripts/gen_air_catalog.py or the shared gen_catalog.py), and what Odoo
/// must hold after a flash sync of it. All arithmetic is tecsync::Decimal
/// (fixed-point): no binary float anywhere near money.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <tecsync/decimal.hpp>

namespace tecsync::it {

/// One row of expected.csv, reduced to what a flash sync moves.
struct CatalogRow {
  std::string sku;
  Decimal cost;          ///< in `currency`
  std::string currency;  ///< "USD" or "ARS"
  Decimal cba;           ///< Córdoba `disponible`
  Decimal lug;           ///< Lugano (Buenos Aires) `disponible`
};

/// Reads expected.csv (header `sku,name,mpn,…`; RFC 4180 quoting, LF or CRLF).
/// Throws std::runtime_error naming the line on a malformed row.
std::vector<CatalogRow> read_expected(const std::filesystem::path& csv);

/// Splits one CSV record (no line break inside) into fields; `"` quoting with
/// `""` for a quote inside a quoted field.
std::vector<std::string> split_csv_line(const std::string& line);

/// The `cotiza` of a catalog's api/login.json (ARS per USD), parsed exactly.
Decimal read_cotiza(const std::filesystem::path& login_json);

/// What one product must look like in Odoo after the sync.
struct ExpectedProduct {
  Decimal list_price;  ///< ARS, round_half_up(cost × (1 + margin) × fx, 0.01)
  Decimal cba;         ///< on hand in WH/Air Córdoba
  Decimal bue;         ///< on hand in WH/Air Buenos Aires
};

/// list_price = round_half_up(cost × (1 + margin_percent/100) × fx, 0.01) with
/// fx = `usd_to_ars` for USD and 1 for ARS (the company currency); on hand =
/// cba / lug. Keyed by SKU. Throws on any other currency.
std::map<std::string, ExpectedProduct> expected_products(const std::vector<CatalogRow>& rows, Decimal margin_percent,
                                                         Decimal usd_to_ars);

}  // namespace tecsync::it
