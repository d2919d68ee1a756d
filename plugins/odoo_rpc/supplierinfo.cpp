#include "supplierinfo.hpp"

#include "lookups.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

void CurrencyCache::resolve(const std::set<std::string>& codes) {
  std::set<std::string> missing;
  for (const auto& c : codes)
    if (!ids_.count(c)) missing.insert(c);
  if (missing.empty()) return;
  json found = rpc_.execute_or_throw(search_read("res.currency", json::array({json::array({"name", "in", missing})}),
                                                 {"id", "name"}, {{"active_test", false}}),
                                     "finding currencies");
  for (const auto& r : found) ids_[r.value("name", std::string())] = r.value("id", std::int64_t{0});
  for (const auto& c : missing) ids_.emplace(c, 0);  // asked once: unknown stays unknown this cycle
}

std::int64_t CurrencyCache::id(const std::string& code) const {
  auto it = ids_.find(code);
  return it == ids_.end() ? 0 : it->second;
}

std::map<std::int64_t, std::int64_t> find_seller_lines(JsonRpc& rpc, std::int64_t partner_id,
                                                       const std::vector<std::int64_t>& template_ids,
                                                       const std::map<std::int64_t, std::string>& sku_of) {
  std::map<std::int64_t, std::int64_t> out;
  if (template_ids.empty()) return out;
  json rows = rpc.execute_or_throw(search_read("product.supplierinfo",
                                               json::array({json::array({"partner_id", "=", partner_id}),
                                                            json::array({"product_tmpl_id", "in", template_ids})}),
                                               {"id", "product_tmpl_id", "product_code"}),
                                   "finding supplier lines");
  for (const auto& r : rows) {
    std::int64_t t = m2o_id(r.value("product_tmpl_id", json())), id = r.value("id", std::int64_t{0});
    auto sku = sku_of.find(t);
    bool exact = sku != sku_of.end() && r.value("product_code", json()) == json(sku->second);
    if (exact || !out.count(t)) out[t] = id;
  }
  return out;
}

json seller_command(std::int64_t line_id, std::int64_t partner_id, const std::string& sku, const json& price,
                    std::int64_t currency_id) {
  json vals = {{"product_code", sku}, {"price", price}, {"currency_id", currency_id}};
  if (line_id > 0) return json::array({1, line_id, vals});
  vals["partner_id"] = partner_id;
  return json::array({0, 0, vals});
}

}  // namespace tecsync::odoo_rpc
