#include "categories.hpp"

#include <vector>

#include "lookups.hpp"

namespace tecsync::odoo_rpc {

using nlohmann::json;

namespace {
constexpr std::string_view kSep = " / ";
std::string parent_of(const std::string& path) {
  auto at = path.rfind(kSep);
  return at == std::string::npos ? std::string() : path.substr(0, at);
}
std::string leaf_of(const std::string& path) {
  auto at = path.rfind(kSep);
  return at == std::string::npos ? path : path.substr(at + kSep.size());
}
std::size_t depth_of(const std::string& path) {
  std::size_t d = 1;
  for (auto at = path.find(kSep); at != std::string::npos; at = path.find(kSep, at + 1)) ++d;
  return d;
}
}  // namespace

void CategoryCache::resolve(const std::set<std::string>& paths) {
  // Every ancestor too: a missing parent is created before its child.
  std::set<std::string> wanted;
  for (const auto& p : paths)
    for (std::string q = p; !q.empty(); q = parent_of(q))
      if (!ids_.count(q)) wanted.insert(q);
  if (wanted.empty()) return;
  json found =
      rpc_.execute_or_throw(search_read("product.category", json::array({json::array({"complete_name", "in", wanted})}),
                                        {"id", "complete_name"}),
                            "finding categories");
  for (const auto& r : found) {
    std::string name = r.value("complete_name", std::string());
    if (wanted.count(name) && !ids_.count(name)) ids_[name] = r.value("id", std::int64_t{0});
  }
  std::map<std::size_t, std::vector<std::string>> by_depth;
  for (const auto& p : wanted)
    if (!ids_.count(p)) by_depth[depth_of(p)].push_back(p);
  for (const auto& [depth, list] : by_depth) {
    json vals = json::array();
    for (const auto& p : list) {
      json v = {{"name", leaf_of(p)}};
      if (std::string parent = parent_of(p); !parent.empty()) v["parent_id"] = id(parent);
      vals.push_back(std::move(v));
    }
    std::vector<std::int64_t> got;
    if (dry_)
      for (std::size_t i = 0; i < list.size(); ++i) got.push_back(--placeholder_);
    else
      got = created_ids(rpc_.execute_or_throw(create_many("product.category", vals), "creating categories"));
    for (std::size_t i = 0; i < list.size() && i < got.size(); ++i) ids_[list[i]] = got[i];
    created += static_cast<std::int64_t>(list.size());
  }
}

std::int64_t CategoryCache::id(const std::string& path) const {
  auto it = ids_.find(path);
  return it == ids_.end() ? 0 : it->second;
}

}  // namespace tecsync::odoo_rpc
