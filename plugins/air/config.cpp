#include "config.hpp"

#include <optional>
#include <stdexcept>

#include "tecsync/text/header.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

// Keys are flat and may contain dots, so look them up by iterating the
// section rather than with ptree::get (which splits paths at '.').
std::optional<std::string> find_key(const boost::property_tree::ptree& section, const std::string& key) {
  for (const auto& [k, v] : section)
    if (k == key) return std::string(text::trim(v.data()));
  return std::nullopt;
}

std::string get_or(const boost::property_tree::ptree& section, const std::string& key, std::string fallback) {
  auto v = find_key(section, key);
  return v && !v->empty() ? *v : fallback;
}

std::size_t get_size(const boost::property_tree::ptree& section, const std::string& key, std::size_t fallback) {
  auto v = find_key(section, key);
  if (!v || v->empty()) return fallback;
  std::size_t n = 0;
  for (char c : *v) {
    if (c < '0' || c > '9') throw std::invalid_argument("air: key '" + key + "' must be a positive integer");
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n == 0) throw std::invalid_argument("air: key '" + key + "' must be a positive integer");
  return n;
}

Decimal get_decimal(const boost::property_tree::ptree& section, const std::string& key, Decimal fallback) {
  auto v = find_key(section, key);
  if (!v || v->empty()) return fallback;
  auto d = Decimal::parse(*v);
  if (!d || d->is_negative()) throw std::invalid_argument("air: key '" + key + "' must be a plain decimal ≥ 0");
  return *d;
}

char get_mark(const boost::property_tree::ptree& section, const std::string& key, const char* allowed) {
  auto v = find_key(section, key);
  if (!v || v->empty() || *v == "auto") return 0;
  if (*v == "tab") return '\t';
  if (v->size() != 1 || std::string(allowed).find((*v)[0]) == std::string::npos)
    throw std::invalid_argument("air: key '" + key + "' must be one of '" + allowed + "' or auto");
  return (*v)[0];
}

double get_seconds(const boost::property_tree::ptree& section, const std::string& key, double fallback) {
  auto v = find_key(section, key);
  if (!v || v->empty()) return fallback;
  auto d = Decimal::parse(*v);
  if (!d || d->is_negative()) throw std::invalid_argument("air: key '" + key + "' must be seconds ≥ 0");
  return static_cast<double>(d->units()) / static_cast<double>(Decimal::kOne);
}

// The deep strategy's keys; all optional, so a flash config is unchanged.
void parse_deep_config(const boost::property_tree::ptree& section, AirConfig& c) {
  c.characteristics_url = get_or(section, "characteristics_url", "");
  c.deep_query = get_or(section, "deep_query", c.deep_query);
  if (c.deep_query != "syp" && c.deep_query != "articulos")
    throw std::invalid_argument("air: key 'deep_query' must be syp or articulos");
  c.max_parallel = get_size(section, "max_parallel", c.max_parallel);
  if (c.max_parallel > 256) throw std::invalid_argument("air: key 'max_parallel' must be 1..256");
  c.meta_min_interval = get_seconds(section, "meta_min_interval", c.meta_min_interval);
  c.meta_backoff = get_seconds(section, "meta_backoff", c.meta_backoff);
  c.meta_max_bytes = get_size(section, "meta_max_bytes", c.meta_max_bytes);
  c.meta_method = get_or(section, "meta_method", c.meta_method);
  if (c.meta_method != "GET" && c.meta_method != "POST")
    throw std::invalid_argument("air: key 'meta_method' must be GET or POST");
  if (auto v = find_key(section, "meta_retry_statuses")) {
    c.meta_retry_statuses.clear();
    for (const auto& s : text::split_aliases(*v, ',')) {
      if (s == "none") continue;
      if (s.size() != 3 || s.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument("air: key 'meta_retry_statuses' holds '" + s + "', not an HTTP status");
      c.meta_retry_statuses.push_back(std::stol(s));
    }
  }
  struct Named {
    const char* key;
    std::string* field;
  };
  const Named names[] = {{"item_key.name", &c.item_name},
                         {"item_key.mpn", &c.item_mpn},
                         {"item_key.brand", &c.item_brand},
                         {"item_key.category", &c.item_category},
                         {"meta_key.specs", &c.meta_specs},
                         {"meta_key.spec_label", &c.meta_spec_label},
                         {"meta_key.spec_value", &c.meta_spec_value},
                         {"meta_key.images", &c.meta_images},
                         {"meta_key.weight", &c.meta_weight},
                         {"meta_key.dimensions", &c.meta_dimensions},
                         {"meta_key.description", &c.meta_description},
                         {"meta_key.brand", &c.meta_brand},
                         {"meta_key.category", &c.meta_category},
                         {"meta_key.mpn", &c.meta_mpn},
                         {"meta_key.barcode", &c.meta_barcode}};
  for (const auto& n : names) *n.field = get_or(section, n.key, *n.field);
}

}  // namespace

bool is_http_url(const std::string& url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

AirConfig parse_config(const boost::property_tree::ptree& section) {
  AirConfig c;
  std::string form = get_or(section, "form", "api");
  if (form == "api")
    c.form = Form::api;
  else if (form == "sheet")
    c.form = Form::sheet;
  else if (form == "portal")
    c.form = Form::portal;
  else
    throw std::invalid_argument("air: key 'form' must be api, sheet or portal, not '" + form + "'");

  c.url = get_or(section, "url", "");
  if (c.url.empty()) throw std::invalid_argument("air: key 'url' is required");
  if (c.form == Form::api) {
    if (!is_http_url(c.url)) throw std::invalid_argument("air: key 'url' must be an http(s) URL for form = api");
    c.user = get_or(section, "user", "");
    c.password = get_or(section, "password", "");
    if (c.user.empty()) throw std::invalid_argument("air: key 'user' is required for form = api");
    if (c.password.empty()) throw std::invalid_argument("air: key 'password' is required for form = api");
  }
  c.query = get_or(section, "query", "syp");
  if (c.query != "syp" && c.query != "articulos")
    throw std::invalid_argument("air: key 'query' must be syp or articulos");

  for (const auto& [k, v] : section) {
    static const std::string prefix = "warehouse.";
    if (k.rfind(prefix, 0) != 0) continue;
    WarehouseSpec w{k.substr(prefix.size()), text::split_aliases(text::trim(v.data()))};
    if (w.code.empty() || w.keys.empty())
      throw std::invalid_argument("air: key '" + k + "' needs a warehouse code and at least one source name");
    c.warehouses.push_back(std::move(w));
  }
  if (c.warehouses.empty()) {
    // Defaults from fixtures/air/README.md "Warehouses → tecsync codes".
    if (c.form == Form::api)
      c.warehouses = {{"S_CBA", {"cba"}}, {"S_BUE", {"lug"}}};
    else if (c.form == Form::portal)
      c.warehouses = {{"S_CBA", {"CBA"}}, {"S_BUE", {"LUG"}}};
    else
      c.warehouses = {{"S_CBA", {"CBA|S_CBA"}}, {"S_BUE", {"BS AS|LUG|S_BUE"}}};
    for (auto& w : c.warehouses) w.keys = text::split_aliases(w.keys.front());
  }

  c.currency = get_or(section, "currency", "USD");
  c.decimal_mark = get_mark(section, "decimal_mark", ".,");
  // The portal export always writes decimal commas (`1.234,50`, IVA `10,5`),
  // so `2.100` there is two thousand one hundred, not ambiguous.
  if (c.form == Form::portal && c.decimal_mark == 0) c.decimal_mark = ',';
  c.separator = get_mark(section, "separator", ",;|");
  c.price_column = get_or(section, "price_column", "");
  if (!c.price_column.empty() && c.form != Form::portal)
    throw std::invalid_argument("air: key 'price_column' applies only to form = portal");
  c.max_cost = get_decimal(section, "max_cost", c.max_cost);
  c.max_quantity = get_decimal(section, "max_quantity", c.max_quantity);
  std::string rates = get_or(section, "vat_rates", "0,2.5,5,10.5,21,27");
  if (rates != "any") {
    for (const auto& r : text::split_aliases(rates, ',')) {
      auto d = Decimal::parse(r);
      if (!d) throw std::invalid_argument("air: key 'vat_rates' holds '" + r + "', not a plain decimal");
      c.vat_rates.insert(*d);
    }
  }
  c.max_pages = get_size(section, "max_pages", c.max_pages);
  c.max_page_bytes = get_size(section, "max_page_bytes", c.max_page_bytes);
  std::string offset = get_or(section, "utc_offset_minutes", "-180");
  auto off = text::parse_number(offset, text::NumberKind::stock);
  if (!off.ok() || off.value.units() % Decimal::kOne != 0)
    throw std::invalid_argument("air: key 'utc_offset_minutes' must be an integer");
  c.utc_offset = std::chrono::minutes(off.value.units() / Decimal::kOne);
  parse_deep_config(section, c);
  return c;
}

}  // namespace tecsync::air
