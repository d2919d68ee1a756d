#pragma once
/// @file
/// `[sink.<name>]` keys of the Odoo RPC sink (`plugin = odoo_rpc`), declared once
/// for the host (`kConfigKeys`) and parsed once here. README.md documents each key.

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/config_keys.hpp"

namespace tecsync::odoo_rpc {

/// `location.<CODE> = <complete_name>`: a stock location `provision` creates under
/// the warehouse's view location (same naming as the flash sink's keys).
struct LocationKey {
  std::string code;           ///< tecsync warehouse code (`S_CBA`)
  std::string complete_name;  ///< `WH/Air Córdoba`: first segment = the warehouse's view location
};

/// The sink's configuration (units in the member comments).
struct RpcConfig {
  std::string url;       ///< Odoo base URL, no trailing slash (`http://127.0.0.1:8069`); calls go to `<url>/jsonrpc`
  std::string db;        ///< Odoo database name
  std::string user;      ///< login of the API user
  std::string api_key;   ///< the user's API key (or password); never logged
  std::string supplier;  ///< res.partner name of the vendor (`Air Computers`)
  std::string lang = "es_AR";                                     ///< context lang of translated writes (names)
  bool create_missing = true;                                     ///< create templates for SKUs Odoo lacks
  std::string category_prefix = "Air";                            ///< default category: `<prefix> / <RUBRO>`
  std::vector<std::pair<std::string, std::string>> category_map;  ///< RUBRO → full category path
  std::string brand_attribute = "Marca";                          ///< product.attribute name of the brand line
  std::string state_dsn;                    ///< libpq DSN of tecsync's own schema (content hashes)
  std::size_t max_in_flight = 4;            ///< RPC calls open at once
  std::size_t batch_size = 200;             ///< SKUs per search/create round
  std::size_t image_max_bytes = 10u << 20;  ///< per image download
  std::size_t image_parallel = 8;           ///< image downloads open at once
  std::size_t image_per_host = 4;           ///< image downloads open at once to one host
  int attempts = 3;                         ///< tries of one RPC call on a transient failure
  std::chrono::milliseconds backoff{1000};  ///< first wait between tries, doubling
  double timeout_s = 120;                   ///< one RPC call, whole transfer
  std::vector<LocationKey> locations;       ///< for `provision` / `check`
};

/// The declared keys, for `PluginInfo::keys` (`tecsync plugins --describe odoo_rpc`).
std::span<const ConfigKey> config_keys();

/// Reads `config`. Throws std::invalid_argument naming the key and the value.
RpcConfig parse_config(const boost::property_tree::ptree& config);

/// The category path of a RUBRO: `category_map.<RUBRO>` if set, else
/// `<category_prefix> / <RUBRO>` (segments joined by ` / `, as Odoo's complete_name).
std::string category_path(const RpcConfig& config, const std::vector<std::string>& rubro);

}  // namespace tecsync::odoo_rpc
