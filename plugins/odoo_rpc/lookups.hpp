#pragma once
/// @file
/// Small helpers shared by the Odoo lookups: domains, Many2one ids, context.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "json_rpc.hpp"

namespace tecsync::odoo_rpc {

/// `search_read` of `model` with `domain`, reading `fields`, in `context`.
KwCall search_read(const std::string& model, nlohmann::json domain, nlohmann::json fields,
                   nlohmann::json context = nlohmann::json::object());
/// `create` of a list of dicts (returns a list of ids), in `context`.
KwCall create_many(const std::string& model, nlohmann::json vals_list,
                   nlohmann::json context = nlohmann::json::object());
/// `write` of `vals` on `ids`, in `context`.
KwCall write_ids(const std::string& model, nlohmann::json ids, nlohmann::json vals,
                 nlohmann::json context = nlohmann::json::object());

/// The id of a Many2one value as read (`[7, "WH"]` → 7, `false` → 0).
std::int64_t m2o_id(const nlohmann::json& value);
/// The ids `create` returned for a list (a list of ints; a lone int for one).
std::vector<std::int64_t> created_ids(const nlohmann::json& result);

}  // namespace tecsync::odoo_rpc
