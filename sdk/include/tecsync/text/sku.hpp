#pragma once
/// @file
/// SKU cell rules (cases/README "SKU rules"): a SKU is text, never a number.

#include <string>
#include <string_view>

#include "tecsync/text/trim.hpp"

namespace tecsync::text {

enum class SkuCode {
  ok,
  blank,    ///< `BLANK_SKU`: empty after trimming
  mangled,  ///< `MANGLED_SKU`: spreadsheet exponent (`1.23457E+11`) or `417.0` form
};

/// The vocabulary string of a code (`""` for ok).
inline const char* to_string(SkuCode c) noexcept {
  switch (c) {
    case SkuCode::blank:
      return "BLANK_SKU";
    case SkuCode::mangled:
      return "MANGLED_SKU";
    case SkuCode::ok:
      break;
  }
  return "";
}

struct SkuResult {
  std::string sku;  ///< trimmed text (also set when rejected, for the report)
  SkuCode code = SkuCode::ok;
};

namespace detail {
inline std::size_t count_digits(std::string_view s, std::size_t i) noexcept {
  std::size_t j = i;
  while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
  return j - i;
}
}  // namespace detail

/// True for `^\d+([.,]\d+)?[eE][+-]\d+$` (what a spreadsheet makes of a long
/// numeric code) or `^\d+[.,]0+$` (a code that went through a float). `12E4`
/// (no sign) is ordinary text.
inline bool looks_mangled(std::string_view s) noexcept {
  std::size_t i = detail::count_digits(s, 0);
  if (i == 0) return false;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    std::size_t f = detail::count_digits(s, i + 1);
    if (f == 0) return false;
    bool all_zero = s.substr(i + 1, f).find_first_not_of('0') == std::string_view::npos;
    if (i + 1 + f == s.size()) return all_zero;  // `417.0`
    i += 1 + f;
  }
  if (i >= s.size() || (s[i] != 'e' && s[i] != 'E')) return false;
  ++i;
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  ++i;
  std::size_t e = detail::count_digits(s, i);
  return e > 0 && i + e == s.size();
}

/// Trims `cell` (space, TAB, NBSP) and classifies it. Inner spaces and case kept.
inline SkuResult check_sku(std::string_view cell) {
  SkuResult r;
  r.sku = std::string(trim(cell));
  if (r.sku.empty())
    r.code = SkuCode::blank;
  else if (looks_mangled(r.sku))
    r.code = SkuCode::mangled;
  return r;
}

}  // namespace tecsync::text
