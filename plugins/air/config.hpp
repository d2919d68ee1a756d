#pragma once
/// @file
/// The `[source.<name>]` keys of the Air plugin, read once at construction.
/// Every key is documented in README.md.

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync::air {

/// api: JSON API v2; sheet: reseller sheet (CSV, or a JSON array of rows);
/// portal: the intranet "Listas (CSV)" export (all-quoted, unescaped quotes).
enum class Form { api, sheet, portal };

/// One tecsync warehouse and where its quantity comes from: Air API object keys
/// (`cba`) or sheet columns (`BS AS`). With several, the first one whose
/// quantity is > 0 wins (`BS AS|LUG`: Buenos Aires stock, else Lugano's).
struct WarehouseSpec {
  std::string code;               ///< tecsync code (`S_CBA`)
  std::vector<std::string> keys;  ///< in priority order, as written in config
};

struct AirConfig {
  Form form = Form::api;
  std::string url;       ///< API base URL, or the sheet's/portal export's http(s) URL or file path
  std::string user;      ///< API login user
  std::string password;  ///< API login password; never logged
  std::string query = "syp";
  std::vector<WarehouseSpec> warehouses;
  std::string currency = "USD";  ///< ISO code of the sheet's cost column
  char decimal_mark = 0;         ///< declared decimal mark (`.`/`,`) or 0: resolves `2.100` in money columns
  char separator = 0;            ///< sheet/portal separator or 0 = sniff
  std::string price_column;      ///< portal: the account's `listaN` column; empty = the only one with prices
  Decimal max_cost = Decimal::from_int(1'000'000);
  Decimal max_quantity = Decimal::from_int(1'000'000);
  std::set<Decimal> vat_rates;  ///< allowed VAT percents; empty = any ≥ 0
  std::size_t max_pages = 10'000;
  std::size_t max_page_bytes = 32u << 20;
  std::chrono::minutes utc_offset = std::chrono::hours(-3);  ///< FECHA's zone
  std::size_t read_chunk = 64 * 1024;                        ///< file read size

  // ---- deep strategy (README "Deep strategy") ----
  std::string characteristics_url;             ///< sheet form: the characteristics CSV (http(s) URL or file path)
  std::string deep_query = "articulos";        ///< api: the paged item list the deep read walks
  std::size_t max_parallel = 8;                ///< api: get_meta requests in flight
  double meta_min_interval = 0;                ///< api: seconds between two get_meta starts (0 = no pacing)
  std::vector<long> meta_retry_statuses{403};  ///< api: statuses the host retries with backoff
  double meta_backoff = 0;                     ///< api: first backoff in seconds (0 = host's http_backoff)
  std::size_t meta_max_bytes = 1u << 20;       ///< api: largest get_meta body
  std::string meta_method = "POST";            ///< api: get_meta as POST (bearer, `{}`) like the data queries, or GET
  /// api: the list item's keys (`item_key.*`) and the meta object's keys (`meta_key.*`).
  std::string item_name = "descrip", item_mpn = "part_number", item_brand = "marca", item_category = "rubro";
  std::string meta_specs = "caracteristicas", meta_spec_label = "nombre", meta_spec_value = "valor";
  std::string meta_images = "imagenes", meta_weight = "peso_kg", meta_dimensions = "dimensiones_cm";
  std::string meta_description = "descripcion", meta_brand = "marca", meta_category = "categoria";
  std::string meta_mpn = "part_number", meta_barcode = "ean";
};

/// True when the sheet `url` names an http(s) resource rather than a file.
bool is_http_url(const std::string& url);

/// Reads the plugin's config section (flat keys: `warehouse.S_CBA` is one key).
/// Throws std::invalid_argument naming the key for a missing or bad value; the
/// registration turns it into `PluginConfigError`.
AirConfig parse_config(const boost::property_tree::ptree& section);

}  // namespace tecsync::air
