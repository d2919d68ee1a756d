#include "section.hpp"

#include <stdexcept>

#include "tecsync/text/header.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::feeds {

std::optional<std::string> Section::get(const std::string& key) const {
  for (const auto& [k, v] : s_) {
    if (text::trim(k) != key) continue;
    std::string value(text::trim(v.data()));
    if (value.empty()) return std::nullopt;
    return value;
  }
  return std::nullopt;
}

std::string Section::get_or(const std::string& key, const std::string& fallback) const {
  auto v = get(key);
  return v ? *v : fallback;
}

std::string Section::required(const std::string& key) const {
  auto v = get(key);
  if (!v) fail(key, "is required");
  return *v;
}

std::vector<std::pair<std::string, std::string>> Section::family(const std::string& prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : s_) {
    std::string key(text::trim(k));
    if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) continue;
    out.emplace_back(std::string(text::trim(key.substr(prefix.size()))), std::string(text::trim(v.data())));
  }
  return out;
}

std::size_t Section::integer(const std::string& key, std::size_t fallback, std::size_t min) const {
  auto v = get(key);
  if (!v) return fallback;
  std::size_t n = 0;
  for (char c : *v) {
    if (c < '0' || c > '9' || n > (std::size_t{1} << 40)) fail(key, "must be an integer ≥ " + std::to_string(min));
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < min) fail(key, "must be an integer ≥ " + std::to_string(min));
  return n;
}

Decimal Section::decimal(const std::string& key, Decimal fallback) const {
  auto v = get(key);
  if (!v) return fallback;
  auto d = Decimal::parse(*v);
  if (!d || d->is_negative()) fail(key, "must be a plain decimal ≥ 0 written with '.'");
  return *d;
}

std::string Section::choice(const std::string& key, const std::string& choices, const std::string& fallback) const {
  auto v = get(key);
  if (!v) return fallback;
  for (const auto& c : text::split_aliases(choices))
    if (c == *v) return c;
  fail(key, "must be one of " + choices + ", not '" + *v + "'");
}

char Section::mark(const std::string& key, const std::string& allowed) const {
  auto v = get(key);
  if (!v || *v == "auto") return 0;
  if (*v == "tab" || *v == "\\t") return '\t';
  if (v->size() != 1 || allowed.find((*v)[0]) == std::string::npos)
    fail(key, "must be one of '" + allowed + "', tab or auto, not '" + *v + "'");
  return (*v)[0];
}

void Section::fail(const std::string& key, const std::string& why) const {
  throw std::invalid_argument(plugin_ + ": key '" + key + "' " + why);
}

}  // namespace tecsync::feeds
