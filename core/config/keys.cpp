#include "config/keys.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace tecsync::config {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `30`, `-12.5`, `0.01`: the plain form Decimal::parse and PostgreSQL agree on.
bool plain_decimal(std::string_view s, bool allow_sign) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    if (!allow_sign) return false;
    s.remove_prefix(1);
  }
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// `host=a port=5432 password='x y'`: keyword=value pairs, values bare or
// single-quoted with backslash escapes (libpq's conninfo syntax).
std::optional<std::string> check_conninfo(std::string_view s) {
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skip_ws();
  if (i == s.size()) return "empty connection string";
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::string_view word = s.substr(start, i - start);
    skip_ws();
    // The words may be parts of a password: name one only when it is a likely
    // typo of a keyword (then it is no secret).
    if (i >= s.size() || s[i] != '=')
      return "expected keyword=value pairs (host=… dbname=…) or a postgresql:// URI; a word has no '=' (value "
             "not shown: it may hold a password; quote values with spaces: password='a b')";
    if (!is_libpq_keyword(word)) {
      std::string near = suggest(word, libpq_keywords());
      return near.empty() ? "unknown connection keyword (not shown: it may be part of a password)"
                          : "unknown connection keyword '" + std::string(word) + "'; did you mean '" + near + "'?";
    }
    ++i;
    skip_ws();
    if (i < s.size() && s[i] == '\'') {
      ++i;
      while (i < s.size() && s[i] != '\'') i += (s[i] == '\\' && i + 1 < s.size()) ? 2 : 1;
      if (i >= s.size()) return "unterminated quoted value after '" + std::string(word) + "='";
      ++i;
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    }
    skip_ws();
  }
  return std::nullopt;
}

}  // namespace

bool KeySpec::matches(std::string_view key) const {
  if (!is_family()) return key == name;
  std::string_view prefix(name.data(), name.size() - 1);
  return key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix;
}

std::vector<KeySpec> to_specs(std::span<const ConfigKey> keys) {
  std::vector<KeySpec> out;
  out.reserve(keys.size());
  for (const ConfigKey& k : keys) {
    KeySpec s;
    s.name = k.name ? k.name : "";
    s.type = k.type;
    if (k.default_value) s.default_value = k.default_value;
    s.description = k.description ? k.description : "";
    if (k.choices) {
      std::string_view c(k.choices);
      std::size_t pos = 0;
      while (pos <= c.size()) {
        std::size_t bar = c.find('|', pos);
        std::string_view item = c.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos);
        if (!item.empty()) s.choices.emplace_back(item);
        if (bar == std::string_view::npos) break;
        pos = bar + 1;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
constexpr std::array<std::string_view, 44> kLibpqWords = {"host",
                                                          "hostaddr",
                                                          "port",
                                                          "dbname",
                                                          "user",
                                                          "password",
                                                          "passfile",
                                                          "require_auth",
                                                          "channel_binding",
                                                          "connect_timeout",
                                                          "client_encoding",
                                                          "options",
                                                          "application_name",
                                                          "fallback_application_name",
                                                          "keepalives",
                                                          "keepalives_idle",
                                                          "keepalives_interval",
                                                          "keepalives_count",
                                                          "tcp_user_timeout",
                                                          "replication",
                                                          "gssencmode",
                                                          "sslmode",
                                                          "requiressl",
                                                          "sslcompression",
                                                          "sslcert",
                                                          "sslkey",
                                                          "sslcertmode",
                                                          "sslpassword",
                                                          "sslrootcert",
                                                          "sslcrl",
                                                          "sslcrldir",
                                                          "sslsni",
                                                          "requirepeer",
                                                          "ssl_min_protocol_version",
                                                          "ssl_max_protocol_version",
                                                          "krbsrvname",
                                                          "gsslib",
                                                          "gssdelegation",
                                                          "service",
                                                          "target_session_attrs",
                                                          "load_balance_hosts",
                                                          "sslnegotiation",
                                                          "scram_client_key",
                                                          "scram_server_key"};
}  // namespace

std::vector<std::string> libpq_keywords() { return {kLibpqWords.begin(), kLibpqWords.end()}; }

bool is_libpq_keyword(std::string_view word) {
  return std::find(kLibpqWords.begin(), kLibpqWords.end(), word) != kLibpqWords.end();
}

std::optional<std::string> check_value(const KeySpec& spec, std::string_view value) {
  switch (spec.type) {
    case KeyType::string:
    case KeyType::secret:
    case KeyType::path:
      return std::nullopt;
    case KeyType::integer: {
      std::string_view digits = value;
      if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
      long long n = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (!all_digits(digits) || r.ec != std::errc{})
        return "expected a whole number (e.g. 3), got '" + std::string(value) + "'";
      return std::nullopt;
    }
    case KeyType::decimal:
      if (!plain_decimal(value, true))
        return "expected a decimal number with '.' (e.g. 30 or 0.01, no thousands separators), got '" +
               std::string(value) + "'";
      return std::nullopt;
    case KeyType::seconds:
      if (!plain_decimal(value, false)) return "expected seconds ≥ 0 (e.g. 5 or 0.5), got '" + std::string(value) + "'";
      return std::nullopt;
    case KeyType::boolean: {
      std::string v = lower(value);
      if (v == "true" || v == "false" || v == "yes" || v == "no" || v == "1" || v == "0") return std::nullopt;
      return "expected true or false (or yes/no, 1/0), got '" + std::string(value) + "'";
    }
    case KeyType::url: {
      std::string v = lower(value.substr(0, 8));
      std::size_t scheme = v.rfind("https://", 0) == 0 ? 8 : v.rfind("http://", 0) == 0 ? 7 : 0;
      bool spaces = std::any_of(value.begin(), value.end(), [](char c) { return c == ' ' || c == '\t'; });
      if (scheme == 0 || value.size() <= scheme || spaces)
        return "expected an http:// or https:// URL, got '" + std::string(value) + "'";
      return std::nullopt;
    }
    case KeyType::choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end()) return std::nullopt;
      return "expected one of " + join(spec.choices, ", ") + ", got '" + std::string(value) + "'";
    case KeyType::dsn: {
      std::string v = lower(value.substr(0, 13));
      if (v.rfind("postgresql://", 0) == 0 || v.rfind("postgres://", 0) == 0) return std::nullopt;
      return check_conninfo(value);  // its messages name keywords, never values
    }
  }
  return std::nullopt;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = static_cast<std::size_t>(-1);
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(lower(word), lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_d > 0 && best_d <= limit ? best : std::string();
}

}  // namespace tecsync::config
