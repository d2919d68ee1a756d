#include "plan.hpp"

#include <cstdint>
#include <set>

#include "tecsync/text/trim.hpp"

namespace tecsync::odoo_rpc {
namespace {

std::string trimmed(const std::string& s) { return std::string(text::trim(s)); }

// Decimal text without trailing fraction zeros: `0.060000` → `0.06`, `2.000000` → `2`.
std::string short_decimal(const Decimal& d) {
  std::string s = d.to_string(6);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// FNV-1a 64 with two offsets: 128 bits, enough that two contents colliding is
// not a practical concern for change detection.
std::string digest(const std::string& text) {
  std::uint64_t a = 14695981039346656037ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 1099511628211ull;
    b ^= b >> 29;
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::uint64_t v : {a, b})
    for (int shift = 60; shift >= 0; shift -= 4) out += hex[(v >> shift) & 15];
  return out;
}

}  // namespace

Planned plan_content(const ProductContent& c, const RpcConfig& config) {
  Planned p;
  p.sku = trimmed(c.sku);
  auto& f = p.fields;
  if (auto v = trimmed(c.name); !v.empty()) f["name"] = v;
  if (auto v = trimmed(c.description); !v.empty()) f["description_sale"] = v;
  if (c.weight_kg && *c.weight_kg > Decimal{}) f["weight"] = short_decimal(*c.weight_kg);
  if (c.dimensions_cm) {
    const auto& d = *c.dimensions_cm;
    if (d.length > Decimal{} && d.width > Decimal{} && d.height > Decimal{})
      f["volume"] = short_decimal(d.length * d.width * d.height / Decimal::from_int(1'000'000));
  }
  if (auto v = trimmed(c.mpn); !v.empty()) f["x_tecsync_mpn"] = v;
  if (auto v = trimmed(c.barcode); !v.empty()) f["barcode"] = v;
  f["category"] = category_path(config, c.category);
  nlohmann::json attrs = nlohmann::json::array();
  std::set<std::string> labels;
  if (auto v = trimmed(c.brand); !v.empty()) {
    attrs.push_back({config.brand_attribute, v});
    labels.insert(config.brand_attribute);
  }
  for (const auto& s : c.specs) {
    std::string label = trimmed(s.label), value = trimmed(s.value);
    if (label.empty() || value.empty() || !labels.insert(label).second) continue;  // first wins
    attrs.push_back({label, value});
  }
  if (!attrs.empty()) f["attributes"] = attrs;
  if (c.cost && *c.cost > Decimal{} && !c.currency.empty())
    f["seller"] = {{"price", short_decimal(*c.cost)}, {"currency", trimmed(c.currency)}};
  std::set<std::string> seen;
  for (const auto& u : c.image_urls) {
    std::string url = trimmed(u);
    if ((url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) && seen.insert(url).second)
      p.image_urls.push_back(url);
  }
  return p;
}

std::string content_hash(const nlohmann::json& fields, const Profile& profile, const RpcConfig& config) {
  nlohmann::json j = {{"f", fields}, {"odoo", profile.major}, {"lang", config.lang}, {"supplier", config.supplier}};
  return digest(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string images_hash(const std::vector<std::string>& urls) {
  std::string all;
  for (const auto& u : urls) all += u + '\n';
  return digest(all);
}

std::vector<std::string> changed_keys(const nlohmann::json& want, const nlohmann::json& had) {
  std::vector<std::string> out;
  for (const auto& [k, v] : want.items())
    if (!had.is_object() || !had.contains(k) || had.at(k) != v) out.push_back(k);
  return out;
}

nlohmann::json number_of(const std::string& decimal_text) {
  auto j = nlohmann::json::parse(decimal_text, nullptr, false);
  return j.is_number() ? j : nlohmann::json(0);
}

}  // namespace tecsync::odoo_rpc
