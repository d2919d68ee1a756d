#pragma once
/// @file
/// Numbers as suppliers write them (cases/README rules N1–N5): `1.234,56`,
/// `1,234.56`, `12,5`, `u$s 7.95`, `2.100` (ambiguous in a money column).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tecsync/decimal.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::text {

/// What a column holds; decides rule N4 (`2.100`: one mark, exactly 3 digits after).
enum class NumberKind {
  stock,    ///< integer-ish quantity: `2.100` groups thousands (2100)
  money,    ///< price/cost: `2.100` is AMBIGUOUS_NUMBER unless a decimal mark is declared
  percent,  ///< VAT rate etc.: like money
};

enum class NumberCode {
  ok,
  empty,      ///< nothing left after trimming and stripping currency marks
  bad,        ///< `BAD_NUMBER`: not a number, badly formed grouping, too many digits
  ambiguous,  ///< `AMBIGUOUS_NUMBER`: rule N4 in a money/percent column
};

/// The vocabulary string of a code (`""` for ok and empty).
inline const char* to_string(NumberCode c) noexcept {
  switch (c) {
    case NumberCode::bad:
      return "BAD_NUMBER";
    case NumberCode::ambiguous:
      return "AMBIGUOUS_NUMBER";
    case NumberCode::ok:
    case NumberCode::empty:
      break;
  }
  return "";
}

struct NumberResult {
  Decimal value;  ///< set when code == ok
  NumberCode code = NumberCode::ok;
  bool ok() const noexcept { return code == NumberCode::ok; }
};

namespace detail {

inline bool iequal_prefix(std::string_view s, std::string_view p) noexcept {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char a = s[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (a != p[i]) return false;
  }
  return true;
}

/// Removes `u$s`, `USD`, `$` (any case) and padding from both ends (rule N5).
inline std::string_view strip_currency(std::string_view s) noexcept {
  static constexpr std::string_view kMarks[] = {"U$S", "USD", "$"};
  bool changed = true;
  while (changed) {
    changed = false;
    s = trim(s);
    for (auto m : kMarks) {
      if (iequal_prefix(s, m)) {
        s.remove_prefix(m.size());
        changed = true;
      } else if (s.size() >= m.size() && iequal_prefix(s.substr(s.size() - m.size()), m)) {
        s.remove_suffix(m.size());
        changed = true;
      }
    }
  }
  return s;
}

/// `digits` grouped by `mark` in groups of exactly 3 after a first group of 1..3.
inline bool grouped_ok(std::string_view s, char mark, std::string& digits) {
  std::size_t group = 0;
  bool first = true;
  for (char c : s) {
    if (c == mark) {
      if (group == 0 || (first && group > 3) || (!first && group != 3)) return false;
      first = false;
      group = 0;
      continue;
    }
    digits.push_back(c);
    ++group;
  }
  return first ? group > 0 : group == 3;
}

/// The common shapes without building any text: `1234` and `12,5` / `0.25`
/// (one mark, 1, 2, 4, 5 or 6 fraction digits, up to 12 whole digits), which
/// rules N1–N4 read only one way. Sets `units` (millionths, ≥ 0) and returns
/// true for those; false means "take the general path", never "bad".
inline bool simple_units(std::string_view s, std::int64_t& units) noexcept {
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (i == 12) return false;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i == s.size()) {
    if (i == 0) return false;
    units = whole * Decimal::kOne;
    return true;
  }
  if (s[i] != '.' && s[i] != ',') return false;
  std::size_t digits = s.size() - i - 1;
  if (digits == 0 || digits == 3 || digits > static_cast<std::size_t>(Decimal::kScale)) return false;
  std::int64_t frac = 0;
  for (std::size_t k = i + 1; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    frac = frac * 10 + (s[k] - '0');
  }
  for (std::size_t k = digits; k < static_cast<std::size_t>(Decimal::kScale); ++k) frac *= 10;
  units = whole * Decimal::kOne + frac;
  return true;
}

}  // namespace detail

/// Parses one cell. `declared_decimal` (`'.'` or `','`, 0 = none) resolves
/// only the ambiguous case N4 in money/percent columns; rules N1–N3 still hold.
/// A leading `-` or `+` is accepted. More than 6 fraction digits that are not
/// zeros, or a value beyond `Decimal`'s range, is `bad`.
inline NumberResult parse_number(std::string_view cell, NumberKind kind, char declared_decimal = 0) {
  NumberResult r;
  std::string_view s = detail::strip_currency(cell);
  if (s.empty()) {
    r.code = NumberCode::empty;
    return r;
  }
  std::string canon;
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    if (negative) canon.push_back('-');
    s.remove_prefix(1);
    s = trim(s);
  }
  if (std::int64_t units = 0; detail::simple_units(s, units)) {
    r.value = Decimal::from_units(negative ? -units : units);
    return r;
  }
  std::size_t dots = 0, commas = 0;
  for (char c : s) {
    if (c == '.')
      ++dots;
    else if (c == ',')
      ++commas;
    else if (c < '0' || c > '9') {
      r.code = NumberCode::bad;
      return r;
    }
  }
  if (s.empty() || dots + commas == s.size()) {
    r.code = NumberCode::bad;
    return r;
  }
  std::string digits;
  auto bad = [&] {
    r.code = NumberCode::bad;
    return r;
  };
  if (dots > 0 && commas > 0) {  // N1: the last mark is the decimal one
    std::size_t last = s.find_last_of(".,");
    char dec = s[last];
    if ((dec == '.' ? dots : commas) != 1) return bad();
    char group = dec == '.' ? ',' : '.';
    if (!detail::grouped_ok(s.substr(0, last), group, digits)) return bad();
    std::string_view frac = s.substr(last + 1);
    if (frac.empty()) return bad();
    canon += digits + "." + std::string(frac);
  } else if (dots + commas > 1) {  // N2: a repeated mark groups thousands
    char group = dots > 0 ? '.' : ',';
    if (!detail::grouped_ok(s, group, digits)) return bad();
    canon += digits;
  } else if (dots + commas == 1) {
    char mark = dots ? '.' : ',';
    std::size_t p = s.find(mark);
    std::string_view whole = s.substr(0, p), frac = s.substr(p + 1);
    if (frac.empty()) return bad();
    bool thousands = false;
    if (frac.size() == 3) {  // N4
      if (kind == NumberKind::stock) {
        thousands = true;
      } else if (declared_decimal == 0) {
        r.code = NumberCode::ambiguous;
        return r;
      } else {
        thousands = declared_decimal != mark;
      }
    }
    if (thousands) {
      if (whole.empty() || whole.size() > 3) return bad();
      canon += std::string(whole) + std::string(frac);
    } else {  // N3
      canon += std::string(whole.empty() ? "0" : whole) + "." + std::string(frac);
    }
  } else {
    canon += std::string(s);
  }
  auto d = Decimal::parse(canon);
  if (!d) return bad();
  r.value = *d;
  return r;
}

}  // namespace tecsync::text
