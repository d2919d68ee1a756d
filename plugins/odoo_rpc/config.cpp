#include "config.hpp"

#include <stdexcept>
#include <string_view>

#include "tecsync/decimal.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::odoo_rpc {
namespace {

constexpr ConfigKey kKeys[] = {
    {"url", KeyType::url, nullptr, "Odoo base URL; JSON-RPC goes to <url>/jsonrpc"},
    {"db", KeyType::string, nullptr, "Odoo database name"},
    {"user", KeyType::string, nullptr, "login of the Odoo API user"},
    {"api_key", KeyType::secret, nullptr, "that user's API key, e.g. ${ODOO_API_KEY}"},
    {"supplier", KeyType::string, nullptr, "res.partner name of the vendor (product.supplierinfo partner)"},
    {"lang", KeyType::string, "es_AR", "context lang of translated fields (names); en_US filled as Odoo does"},
    {"create_missing", KeyType::boolean, "true", "create products for SKUs Odoo lacks (else counted unknown_sku)"},
    {"category_prefix", KeyType::string, "Air", "default category of a RUBRO: <prefix> / <RUBRO>"},
    {"category_map.*", KeyType::string, "",
     "category_map.<RUBRO> = full product.category path (A / B / C); RUBROs not mapped go to '<category_prefix> / "
     "<RUBRO>'"},
    {"brand_attribute", KeyType::string, "Marca", "product.attribute name of the brand line"},
    {"state_dsn", KeyType::dsn, nullptr, "libpq DSN of tecsync's own schema (content hashes)"},
    {"max_in_flight", KeyType::integer, "4", "RPC calls open at once"},
    {"batch_size", KeyType::integer, "200", "SKUs per search_read / create round"},
    {"image_max_bytes", KeyType::integer, "10485760", "largest image download, bytes"},
    {"image_parallel", KeyType::integer, "8", "image downloads open at once"},
    {"image_per_host", KeyType::integer, "4", "image downloads open at once to one host"},
    {"attempts", KeyType::integer, "3", "tries of one RPC call on a transient failure"},
    {"backoff", KeyType::seconds, "1", "first wait between tries, doubling"},
    {"timeout", KeyType::seconds, "120", "one RPC call, whole transfer"},
    {"location.*", KeyType::string, nullptr,
     "location.<CODE> = stock.location complete_name that `tecsync odoo setup` creates under the warehouse view"},
};

/// A value without its INI inline comment (` ; …` after a blank). Secrets and
/// the DSN keep everything: a password may contain `;`.
std::string clean(std::string_view raw, bool strip_comment) {
  std::string v(raw);
  if (strip_comment)
    for (std::size_t i = 1; i < v.size(); ++i)
      if ((v[i] == ';' || v[i] == '#') && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
        v.resize(i);
        break;
      }
  return std::string(text::trim(v));
}

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& why) {
  throw std::invalid_argument("odoo_rpc: key '" + key + "' = '" + value + "': " + why);
}

// Literal lookup: keys may contain dots (`category_map.Notebooks`).
std::string value(const boost::property_tree::ptree& c, const std::string& key, const std::string& fallback,
                  bool strip_comment = true) {
  auto it = c.find(key);
  if (it == c.not_found()) return fallback;
  std::string v = clean(it->second.data(), strip_comment);
  return v.empty() ? fallback : v;
}

std::string required(const boost::property_tree::ptree& c, const std::string& key, const std::string& why,
                     bool strip_comment = true) {
  std::string v = value(c, key, "", strip_comment);
  if (v.empty()) bad(key, "", why);
  return v;
}

std::size_t positive(const boost::property_tree::ptree& c, const std::string& key, std::size_t fallback) {
  std::string v = value(c, key, "");
  if (v.empty()) return fallback;
  std::size_t n = 0;
  for (char ch : v) {
    if (ch < '0' || ch > '9' || n > (std::size_t{1} << 40)) bad(key, v, "expected a whole number >= 1");
    n = n * 10 + static_cast<std::size_t>(ch - '0');
  }
  if (n == 0) bad(key, v, "expected a whole number >= 1");
  return n;
}

double seconds(const boost::property_tree::ptree& c, const std::string& key, double fallback) {
  std::string v = value(c, key, "");
  if (v.empty()) return fallback;
  auto d = Decimal::parse(v);
  if (!d || d->is_negative()) bad(key, v, "expected seconds, e.g. 2 or 0.5");
  return static_cast<double>(d->units()) / Decimal::kOne;
}

bool boolean(const boost::property_tree::ptree& c, const std::string& key, bool fallback) {
  std::string v = value(c, key, "");
  if (v.empty()) return fallback;
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  bad(key, v, "expected true or false");
}

// `A/B / C` → `A / B / C`: Odoo's complete_name joins with ` / `.
std::string normal_path(const std::string& key, const std::string& raw) {
  std::string out;
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t slash = raw.find('/', start);
    std::string seg(
        text::trim(std::string_view(raw).substr(start, slash == std::string::npos ? raw.npos : slash - start)));
    if (seg.empty()) bad(key, raw, "a category path segment is empty");
    out += (out.empty() ? "" : " / ") + seg;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::span<const ConfigKey> config_keys() { return kKeys; }

RpcConfig parse_config(const boost::property_tree::ptree& c) {
  RpcConfig s;
  s.url = required(c, "url", "the Odoo base URL is required (e.g. http://127.0.0.1:8069)");
  while (!s.url.empty() && s.url.back() == '/') s.url.pop_back();
  if (s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0) bad("url", s.url, "expected http(s)://…");
  s.db = required(c, "db", "the Odoo database name is required");
  s.user = required(c, "user", "the Odoo API user's login is required");
  s.api_key = required(c, "api_key", "the API key is required (api_key = ${ODOO_API_KEY})", false);
  s.supplier = required(c, "supplier", "the vendor's res.partner name is required (e.g. Air Computers)");
  s.state_dsn = required(c, "state_dsn", "a libpq DSN for tecsync's own schema (content hashes) is required", false);
  s.lang = value(c, "lang", s.lang);
  s.create_missing = boolean(c, "create_missing", s.create_missing);
  s.category_prefix = normal_path("category_prefix", value(c, "category_prefix", s.category_prefix));
  s.brand_attribute = value(c, "brand_attribute", s.brand_attribute);
  s.max_in_flight = positive(c, "max_in_flight", s.max_in_flight);
  s.batch_size = positive(c, "batch_size", s.batch_size);
  s.image_max_bytes = positive(c, "image_max_bytes", s.image_max_bytes);
  s.image_parallel = positive(c, "image_parallel", s.image_parallel);
  s.image_per_host = positive(c, "image_per_host", s.image_per_host);
  s.attempts = static_cast<int>(positive(c, "attempts", 3));
  s.backoff = std::chrono::milliseconds(static_cast<long>(seconds(c, "backoff", 1) * 1000));
  s.timeout_s = seconds(c, "timeout", s.timeout_s);
  for (const auto& [key, node] : c) {
    if (key.rfind("category_map.", 0) == 0) {
      std::string rubro(text::trim(std::string_view(key).substr(13)));
      std::string path = clean(node.data(), true);
      if (rubro.empty() || path.empty()) bad(key, path, "expected category_map.<RUBRO> = <category path>");
      s.category_map.emplace_back(rubro, normal_path(key, path));
    } else if (key.rfind("location.", 0) == 0) {
      std::string code = key.substr(9), name = clean(node.data(), true);
      if (code.empty() || name.empty() || name.find('/') == std::string::npos)
        bad(key, name, "expected location.<CODE> = <warehouse view>/<name>, e.g. WH/Air Córdoba");
      s.locations.push_back({code, name});
    }
  }
  return s;
}

std::string category_path(const RpcConfig& config, const std::vector<std::string>& rubro) {
  std::string joined;
  for (const auto& seg : rubro) {
    std::string t(text::trim(seg));
    if (!t.empty()) joined += (joined.empty() ? "" : " / ") + t;
  }
  for (const auto& [key, path] : config.category_map)
    if (key == joined) return path;
  if (joined.empty()) return config.category_prefix;
  return config.category_prefix + " / " + joined;
}

}  // namespace tecsync::odoo_rpc
