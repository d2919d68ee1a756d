#pragma once
/// @file
/// What the sink wants one Odoo product to say, built from a ProductContent and
/// the config, in a canonical JSON form that is hashed (change detection) and
/// diffed field by field against what the last accepted write said.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config.hpp"
#include "profile.hpp"
#include "tecsync/records.hpp"

namespace tecsync::odoo_rpc {

/// One SKU's desired content. `fields` holds only what the supplier said (an
/// absent key = leave Odoo's value alone), keys sorted (nlohmann objects are):
///   `name`, `description_sale` (text); `weight` (kg), `volume` (m³) as decimal
///   text; `x_tecsync_mpn`, `barcode` (text); `category` (full path `Air / Notebooks`);
///   `attributes` ([[label, value], …]: the brand first, then specs in order);
///   `seller` ({`price`: decimal text, `currency`: ISO code}).
struct Planned {
  std::string sku;
  nlohmann::json fields = nlohmann::json::object();
  std::vector<std::string> image_urls;  ///< priority order, duplicates removed
};

/// Builds the plan of `content` (numbers through Decimal, never a float).
Planned plan_content(const ProductContent& content, const RpcConfig& config);

/// A stable 128-bit hex digest of `fields` plus everything that changes what is
/// written for them (profile major, lang, supplier). Change detection only, not
/// a security hash.
std::string content_hash(const nlohmann::json& fields, const Profile& profile, const RpcConfig& config);
/// Digest of the image URL list (order matters: the first is the main image).
std::string images_hash(const std::vector<std::string>& urls);

/// Keys of `want` whose value differs from `had` (a key missing from `had` counts).
std::vector<std::string> changed_keys(const nlohmann::json& want, const nlohmann::json& had);

/// `decimal text` → a JSON number for Odoo's Float fields (`"0.060000"` → 0.06).
nlohmann::json number_of(const std::string& decimal_text);

}  // namespace tecsync::odoo_rpc
