#include "deep_meta.hpp"

#include <nlohmann/json.hpp>

#include "api_item.hpp"
#include "api_session.hpp"
#include "deep_content.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/markup.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

// A scalar as text: strings as they are, numbers as JSON writes them, else empty.
std::string scalar(const json& v) {
  if (v.is_string()) return std::string(text::trim(v.get<std::string>()));
  if (v.is_number()) return v.dump();
  return {};
}

const json* field(const json& obj, const std::string& key) {
  if (key.empty() || !obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

// A measure > 0 from a JSON number or a decimal string (`1.25`, `1,25`).
std::optional<Decimal> positive(const json& v) {
  std::string t = scalar(v);
  for (char& c : t)
    if (c == ',') c = '.';
  auto d = Decimal::parse(t);
  if (!d || d->units() <= 0) return std::nullopt;
  return d;
}

void bad(ProductContent& c, const std::string& key, const json& v, const std::string& want) {
  std::string shown = v.dump();
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  warn(c, "BAD_META", "'" + key + "' is " + shown + ", not " + want + "; ignored");
}

void apply_specs(ProductContent& c, const json& v, const AirConfig& cfg) {
  if (v.is_string()) return apply_characteristics(c, v.get<std::string>());
  if (v.is_object()) {
    for (const auto& [label, value] : v.items()) add_spec(c, label, scalar(value));
    return;
  }
  if (!v.is_array())
    return bad(c, cfg.meta_specs, v, "a list of {" + cfg.meta_spec_label + ", " + cfg.meta_spec_value + "}");
  for (const auto& item : v) {
    const json* label = field(item, cfg.meta_spec_label);
    const json* value = field(item, cfg.meta_spec_value);
    if (!label || !value) {
      bad(c, cfg.meta_specs, item, "{" + cfg.meta_spec_label + ", " + cfg.meta_spec_value + "}");
      continue;
    }
    add_spec(c, scalar(*label), scalar(*value));
  }
}

void apply_images(ProductContent& c, const json& v, const AirConfig& cfg) {
  std::vector<std::string> cells;
  if (v.is_string()) {
    cells = text::split_aliases(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& u : v) {
      const json* url = u.is_object() ? field(u, "url") : &u;
      if (url && url->is_string())
        cells.push_back(url->get<std::string>());
      else
        bad(c, cfg.meta_images, u, "a URL");
    }
  } else {
    return bad(c, cfg.meta_images, v, "a list of URLs");
  }
  add_images(c, cells);
}

void apply_dimensions(ProductContent& c, const json& v, const AirConfig& cfg) {
  std::vector<json> parts;
  if (v.is_object()) {
    for (auto names : {std::array<const char*, 3>{"largo", "ancho", "alto"},
                       std::array<const char*, 3>{"length", "width", "height"}}) {
      if (v.contains(names[0]) && v.contains(names[1]) && v.contains(names[2])) {
        for (const char* n : names) parts.push_back(v[n]);
        break;
      }
    }
  } else if (v.is_array()) {
    parts.assign(v.begin(), v.end());
  } else if (v.is_string()) {
    for (auto& p : text::split_aliases(v.get<std::string>(), 'x')) parts.emplace_back(p);
  }
  std::vector<Decimal> d;
  for (const auto& p : parts)
    if (auto x = positive(p)) d.push_back(*x);
  if (parts.size() != 3 || d.size() != 3) return bad(c, cfg.meta_dimensions, v, "{largo, ancho, alto} in cm, each > 0");
  c.dimensions_cm = DimensionsCm{d[0], d[1], d[2]};
}

}  // namespace

std::variant<ProductContent, RowIssue> content_from_item(const json& item, const AirConfig& config,
                                                         const Origin& origin, std::optional<Decimal> cotiza) {
  ItemResult r = parse_api_item(item, config, origin, std::chrono::sys_seconds{}, cotiza);
  ProductContent c;
  c.origin = origin;
  if (auto* issue = std::get_if<RowIssue>(&r)) {
    if (issue->code == "BLANK_SKU" || issue->code == "MANGLED_SKU" || issue->code == "BAD_ROW") return *issue;
    c.sku = issue->sku;
    warn(c, issue->code, "cost not taken: " + issue->detail);
  } else {
    const Offer& o = std::get<Offer>(r);
    c.sku = o.sku;
    c.cost = o.cost;
    if (o.cost) c.currency = o.currency;
  }
  auto text_of = [&](const std::string& key) {
    const json* v = field(item, key);
    return v ? scalar(*v) : std::string();
  };
  c.name = text_of(config.item_name);
  for (char& ch : c.name)
    if (ch == '\n' || ch == '\r') ch = ' ';
  c.mpn = text_of(config.item_mpn);
  c.brand = text_of(config.item_brand);
  if (std::string rubro = text_of(config.item_category); !rubro.empty()) c.category = {rubro};
  return c;
}

void apply_meta_json(ProductContent& c, const json& meta_in, const AirConfig& cfg) {
  const json* meta = &meta_in;
  if (meta->is_array() && meta->size() == 1) meta = &(*meta)[0];
  if (meta->is_null() || (meta->is_object() && meta->empty()) || (meta->is_array() && meta->empty()))
    return warn(c, "META_UNAVAILABLE", "empty answer");
  if (!meta->is_object())
    return warn(c, "BAD_META", "the answer is a JSON " + std::string(meta->type_name()) + ", not an object");
  std::string notes = std::move(c.description);
  c.description.clear();
  if (const json* v = field(*meta, cfg.meta_description)) {
    if (v->is_string())
      c.description = std::string(text::trim(v->get<std::string>()));
    else
      bad(c, cfg.meta_description, *v, "text");
  }
  if (const json* v = field(*meta, cfg.meta_specs)) apply_specs(c, *v, cfg);
  if (!notes.empty()) c.description += (c.description.empty() ? "" : "\n") + notes;
  if (const json* v = field(*meta, cfg.meta_images)) apply_images(c, *v, cfg);
  if (const json* v = field(*meta, cfg.meta_weight)) {
    if (auto w = positive(*v))
      c.weight_kg = *w;
    else
      bad(c, cfg.meta_weight, *v, "a weight in kg > 0");
  }
  if (const json* v = field(*meta, cfg.meta_dimensions)) apply_dimensions(c, *v, cfg);
  auto fill = [&](std::string& target, const std::string& key) {
    if (const json* v = field(*meta, key); v && target.empty()) target = scalar(*v);
  };
  fill(c.brand, cfg.meta_brand);
  fill(c.mpn, cfg.meta_mpn);
  fill(c.barcode, cfg.meta_barcode);
  if (const json* v = field(*meta, cfg.meta_category)) {
    if (std::string cat = scalar(*v); !cat.empty()) c.category = {cat};
  }
}

void apply_meta(ProductContent& c, const HttpResult& r, const std::string& url, const AirConfig& cfg) {
  if (!r.status)
    return warn(c, "META_UNAVAILABLE",
                url + ": " + (r.status.error_class.empty() ? "" : r.status.error_class + ": ") + r.status.detail);
  json v = json::parse(r.body, nullptr, false);
  if (auto err = air_error(v))
    return warn(c, "META_UNAVAILABLE", url + ": HTTP " + std::to_string(r.response.status) + ", " + *err);
  if (r.response.status != 200) return warn(c, "META_UNAVAILABLE", url + ": HTTP " + std::to_string(r.response.status));
  if (v.is_discarded()) {
    std::string start(text::trim(std::string_view(r.body).substr(0, 40)));
    return warn(
        c, "BAD_META",
        url + ": " + (text::starts_with_markup(r.body) ? "an HTML page" : "not valid JSON") + " ('" + start + "')");
  }
  apply_meta_json(c, v, cfg);
}

}  // namespace tecsync::air
