#pragma once
/// @file
/// What differs between the Odoo versions the sink speaks to (odoo-facts §5):
/// detected once per cycle from `common.version`.

#include <nlohmann/json.hpp>
#include <string>

namespace tecsync::odoo_rpc {

/// The target's version profile.
struct Profile {
  int major = 17;              ///< `server_version_info[0]`: 17, 18 (19+ speak as 18)
  std::string server_version;  ///< as Odoo says it (`17.0-20240709`)
};

/// Reads `common.version`'s result (`server_version_info` first, else the
/// leading number of `server_version`). Throws std::runtime_error when it is
/// neither or older than 17, naming what the server said.
Profile profile_from_version(const nlohmann::json& result);

/// Adds the "storable product" fields to a product.template create dict:
/// 17 `detailed_type = 'product'`; 18 `type = 'consu'`, `is_storable = true`.
void add_storable(const Profile& profile, nlohmann::json& vals);

}  // namespace tecsync::odoo_rpc
