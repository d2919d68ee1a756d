#pragma once
/// @file
/// Numbers as suppliers write them (cases/README rules N1–N5): `1.234,56`,
/// `1,234.56`, `12,5`, `u$s 7.95`, `2.100` (ambiguous in a money column).

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
  if (s.front() == '-' || s.front() == '+') {
    if (s.front() == '-') canon.push_back('-');
    s.remove_prefix(1);
    s = trim(s);
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
