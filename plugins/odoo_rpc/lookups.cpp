#include "lookups.hpp"

#include <utility>

namespace tecsync::odoo_rpc {

using nlohmann::json;

KwCall search_read(const std::string& model, json domain, json fields, json context) {
  KwCall c{model, "search_read", json::array({std::move(domain)}), {{"fields", std::move(fields)}}};
  if (!context.empty()) c.kwargs["context"] = std::move(context);
  return c;
}

KwCall create_many(const std::string& model, json vals_list, json context) {
  KwCall c{model, "create", json::array({std::move(vals_list)}), json::object()};
  if (!context.empty()) c.kwargs["context"] = std::move(context);
  c.idempotent = false;
  return c;
}

KwCall write_ids(const std::string& model, json ids, json vals, json context) {
  KwCall c{model, "write", json::array({std::move(ids), std::move(vals)}), json::object()};
  if (!context.empty()) c.kwargs["context"] = std::move(context);
  return c;
}

std::int64_t m2o_id(const json& v) {
  if (v.is_array() && !v.empty() && v[0].is_number_integer()) return v[0].get<std::int64_t>();
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return 0;
}

std::vector<std::int64_t> created_ids(const json& r) {
  std::vector<std::int64_t> out;
  if (r.is_number_integer()) out.push_back(r.get<std::int64_t>());
  if (r.is_array())
    for (const auto& v : r) out.push_back(v.is_number_integer() ? v.get<std::int64_t>() : 0);
  return out;
}

}  // namespace tecsync::odoo_rpc
