#include "config.hpp"

#include <stdexcept>
#include <string_view>

#include "tecsync/text/trim.hpp"

namespace tecsync::pricing {
namespace {

// Config values are trimmed like feed cells (space, TAB, CR/LF, NBSP).
std::string trim(std::string_view s) { return std::string(text::trim(s)); }

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& why) {
  throw std::invalid_argument("pricing: key '" + key + "' = '" + value + "': " + why);
}

Decimal decimal_key(const boost::property_tree::ptree& config, const std::string& key, Decimal fallback) {
  auto v = config_value(config, key);
  if (!v || v->empty()) return fallback;
  auto d = Decimal::parse(*v);
  if (!d) bad(key, *v, "not a decimal number (write 30 or 12.5, no thousands separators)");
  return *d;
}

}  // namespace

std::optional<std::string> config_value(const boost::property_tree::ptree& config, const std::string& key,
                                        bool strip_comment) {
  // find() matches the child's key literally, unlike get("a.b"), which would
  // treat the dot as a path separator.
  auto it = config.find(key);
  if (it == config.not_found()) return std::nullopt;
  std::string v = it->second.data();
  if (strip_comment) {
    // INI inline comments (`rate = air ; air | odoo`) are only comments after a blank.
    for (std::size_t i = 1; i < v.size(); ++i) {
      if ((v[i] == ';' || v[i] == '#') && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
        v.resize(i);
        break;
      }
    }
  }
  return trim(v);
}

PricingConfig parse_config(const boost::property_tree::ptree& config) {
  PricingConfig c;
  c.margin_percent = decimal_key(config, "margin_percent", Decimal{});
  if (c.margin_percent <= Decimal::from_int(-100))
    bad("margin_percent", c.margin_percent.to_string(2), "must be above -100");
  c.rounding = decimal_key(config, "rounding", c.rounding);
  if (c.rounding <= Decimal{}) bad("rounding", c.rounding.to_string(), "must be a positive step such as 0.01");
  if (auto v = config_value(config, "company_currency"); v && !v->empty()) {
    if (v->size() != 3) bad("company_currency", *v, "expected an ISO 4217 code such as ARS");
    c.company_currency = *v;
  }
  std::string rate = config_value(config, "rate").value_or("air");
  if (rate == "air") {
    c.rate = RateMode::air;
  } else if (rate == "odoo") {
    c.rate = RateMode::odoo;
    c.dsn = config_value(config, "dsn", /*strip_comment=*/false).value_or("");
    if (c.dsn.empty()) bad("dsn", "", "rate = odoo needs the Odoo database's dsn");
    c.company = config_value(config, "company").value_or("");
    if (auto ttl = config_value(config, "odoo_rate_ttl"); ttl && !ttl->empty()) {
      try {
        c.odoo_rate_ttl_s = std::stoi(*ttl);
      } catch (const std::exception&) {
        bad("odoo_rate_ttl", *ttl, "expected whole seconds");
      }
      if (c.odoo_rate_ttl_s < 0) bad("odoo_rate_ttl", *ttl, "must be >= 0");
    }
  } else if (rate.rfind("fixed:", 0) == 0) {
    c.rate = RateMode::fixed;
    auto d = Decimal::parse(trim(rate.substr(6)));
    if (!d || *d <= Decimal{}) bad("rate", rate, "fixed:<n> needs a positive number of company-currency units per USD");
    c.fixed_rate = *d;
  } else {
    bad("rate", rate, "expected air, odoo or fixed:<number>");
  }
  return c;
}

}  // namespace tecsync::pricing
