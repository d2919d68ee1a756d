#include "attributes.hpp"

#include "lookups.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

// Only no_variant attributes: adding a line of a variant-creating attribute
// would multiply the product's variants (and tecsync never manages those).
void AttributeCache::find(const std::set<std::string>& labels) {
  json found = rpc_.execute_or_throw(search_read("product.attribute",
                                                 json::array({json::array({"name", "in", labels}),
                                                              json::array({"create_variant", "=", "no_variant"})}),
                                                 {"id", "name"}, {{"lang", lang_}}),
                                     "finding spec attributes");
  for (const auto& r : found) {
    std::string name = r.value("name", std::string());
    if (labels.count(name) && !attrs_.count(name)) attrs_[name] = r.value("id", std::int64_t{0});
  }
}

void AttributeCache::lookup(const std::set<std::string>& labels) {
  std::set<std::string> missing;
  for (const auto& l : labels)
    if (!attrs_.count(l)) missing.insert(l);
  if (!missing.empty()) find(missing);  // misses stay uncached: a later resolve may create them
}

void AttributeCache::resolve(const std::set<std::pair<std::string, std::string>>& pairs) {
  const json ctx = {{"lang", lang_}};
  std::set<std::string> labels;
  for (const auto& [label, value] : pairs)
    if (!attrs_.count(label)) labels.insert(label);
  if (!labels.empty()) {
    find(labels);
    json to_create = json::array();
    std::vector<std::string> order;
    for (const auto& l : labels)
      if (!attrs_.count(l)) {
        to_create.push_back({{"name", l}, {"create_variant", "no_variant"}, {"display_type", "radio"}});
        order.push_back(l);
      }
    if (!order.empty()) {
      std::vector<std::int64_t> ids;
      if (dry_)
        for (std::size_t i = 0; i < order.size(); ++i) ids.push_back(--placeholder_);
      else
        ids = created_ids(
            rpc_.execute_or_throw(create_many("product.attribute", to_create, ctx), "creating spec attributes"));
      for (std::size_t i = 0; i < order.size() && i < ids.size(); ++i) attrs_[order[i]] = ids[i];
      attributes_created += static_cast<std::int64_t>(order.size());
    }
  }

  std::set<std::pair<std::string, std::string>> missing;
  for (const auto& p : pairs)
    if (!values_.count(p)) missing.insert(p);
  if (missing.empty()) return;
  std::set<std::int64_t> attr_ids;
  std::set<std::string> names;
  std::map<std::int64_t, std::string> label_of;
  for (const auto& [label, value] : missing) {
    std::int64_t a = attribute_id(label);
    label_of[a] = label;
    if (a > 0) attr_ids.insert(a);
    names.insert(value);
  }
  if (!attr_ids.empty()) {
    json found = rpc_.execute_or_throw(
        search_read("product.attribute.value",
                    json::array({json::array({"attribute_id", "in", attr_ids}), json::array({"name", "in", names})}),
                    {"id", "name", "attribute_id"}, ctx),
        "finding spec values");
    for (const auto& r : found) {
      auto it = label_of.find(m2o_id(r.value("attribute_id", json())));
      if (it == label_of.end()) continue;
      std::pair<std::string, std::string> key{it->second, r.value("name", std::string())};
      if (missing.count(key) && !values_.count(key)) values_[key] = r.value("id", std::int64_t{0});
    }
  }
  json to_create = json::array();
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& p : missing)
    if (!values_.count(p)) {
      to_create.push_back({{"attribute_id", attribute_id(p.first)}, {"name", p.second}});
      order.push_back(p);
    }
  if (order.empty()) return;
  std::vector<std::int64_t> ids;
  if (dry_)
    for (std::size_t i = 0; i < order.size(); ++i) ids.push_back(--placeholder_);
  else
    ids = created_ids(
        rpc_.execute_or_throw(create_many("product.attribute.value", to_create, ctx), "creating spec values"));
  for (std::size_t i = 0; i < order.size() && i < ids.size(); ++i) values_[order[i]] = ids[i];
  values_created += static_cast<std::int64_t>(order.size());
}

std::int64_t AttributeCache::attribute_id(const std::string& label) const {
  auto it = attrs_.find(label);
  return it == attrs_.end() ? 0 : it->second;
}

std::int64_t AttributeCache::value_id(const std::string& label, const std::string& value) const {
  auto it = values_.find({label, value});
  return it == values_.end() ? 0 : it->second;
}

}  // namespace tecsync::odoo_rpc
