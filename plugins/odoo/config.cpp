#include "config.hpp"

#include <stdexcept>
#include <string_view>

#include "tecsync/text/trim.hpp"

namespace tecsync::odoo {
namespace {

// Config values are trimmed like feed cells (space, TAB, CR/LF, NBSP).
std::string trim(std::string_view s) { return std::string(text::trim(s)); }

/// A value without its INI inline comment (` ; …` after a blank). The dsn keeps
/// everything: a password may contain `;`.
std::string clean(const std::string& raw, bool strip_comment) {
  std::string v = raw;
  if (strip_comment)
    for (std::size_t i = 1; i < v.size(); ++i)
      if ((v[i] == ';' || v[i] == '#') && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
        v.resize(i);
        break;
      }
  return trim(v);
}

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& why) {
  throw std::invalid_argument("odoo_sql: key '" + key + "' = '" + value + "': " + why);
}

std::string value(const boost::property_tree::ptree& c, const std::string& key, const std::string& fallback,
                  bool strip_comment = true) {
  auto it = c.find(key);  // literal match: keys may contain dots
  if (it == c.not_found()) return fallback;
  std::string v = clean(it->second.data(), strip_comment);
  return v.empty() ? fallback : v;
}

std::chrono::milliseconds seconds(const boost::property_tree::ptree& c, const std::string& key,
                                  std::chrono::milliseconds fallback, bool allow_zero) {
  auto it = c.find(key);
  if (it == c.not_found()) return fallback;
  std::string v = clean(it->second.data(), true);
  if (v.empty()) return fallback;
  auto d = Decimal::parse(v);
  if (!d || d->is_negative() || (!allow_zero && d->is_zero())) bad(key, v, "expected seconds, e.g. 5 or 0.5");
  return std::chrono::milliseconds(d->units() / 1000);
}

}  // namespace

std::string with_connect_timeout(const std::string& dsn) {
  if (dsn.rfind("postgres://", 0) == 0 || dsn.rfind("postgresql://", 0) == 0)
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=5";
  return dsn + " connect_timeout=5";
}

SinkConfig parse_config(const boost::property_tree::ptree& c) {
  SinkConfig s;
  s.dsn = value(c, "dsn", "", /*strip_comment=*/false);
  if (s.dsn.empty()) bad("dsn", "", "the Odoo database's libpq connection string is required");
  s.supplier = value(c, "supplier", "");
  if (s.supplier.empty()) bad("supplier", "", "the vendor's res.partner name is required (e.g. Air Computers)");
  for (const auto& [key, node] : c) {
    if (key.rfind("location.", 0) != 0) continue;
    std::string code = key.substr(9), name = clean(node.data(), true);
    if (code.empty() || name.empty()) bad(key, name, "expected location.<CODE> = <stock.location complete_name>");
    s.locations.push_back({code, name});
  }
  // The nested form ([sink.odoo] location { S_CBA = … }) if a host builds the tree that way.
  if (auto nested = c.get_child_optional(boost::property_tree::ptree::path_type("location", '\0')))
    for (const auto& [code, node] : *nested) s.locations.push_back({code, clean(node.data(), true)});
  if (s.locations.empty()) bad("location.<CODE>", "", "map at least one warehouse code to a stock.location");
  s.lock_timeout = seconds(c, "lock_timeout", s.lock_timeout, false);
  s.statement_timeout = seconds(c, "statement_timeout", s.statement_timeout, true);
  s.backoff = seconds(c, "backoff", s.backoff, true);
  std::string attempts = value(c, "attempts", "3");
  try {
    s.attempts = std::stoi(attempts);
  } catch (const std::exception&) {
    bad("attempts", attempts, "expected a whole number >= 1");
  }
  if (s.attempts < 1) bad("attempts", attempts, "expected a whole number >= 1");
  s.odoo_user = value(c, "odoo_user", s.odoo_user);
  std::string cov = value(c, "absent_min_coverage", "0.5");
  auto d = Decimal::parse(cov);
  if (!d || d->is_negative() || *d > Decimal::from_int(1)) bad("absent_min_coverage", cov, "expected a share 0..1");
  s.absent_min_coverage = *d;
  s.pulse_field = value(c, "pulse_field", s.pulse_field);
  for (char ch : s.pulse_field)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
      bad("pulse_field", s.pulse_field, "not a column name");
  return s;
}

}  // namespace tecsync::odoo
