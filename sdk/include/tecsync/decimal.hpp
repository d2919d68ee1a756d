#pragma once
/// @file
/// Fixed-point decimal for money, rates and quantities: never a binary float.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tecsync {

/// A signed decimal with exactly 6 fractional digits, stored as an integer count
/// of millionths (`units() == 1'234'500` is 1.2345). Range ±9.2e12, enough for a
/// price of 1,000,000 USD converted at 10,000 ARS/USD with margin.
///
/// Arithmetic rounds half away from zero to 6 digits; overflow is the caller's
/// concern only in the sense that inputs are range-checked by the parsers.
class Decimal {
 public:
  static constexpr int kScale = 6;
  static constexpr std::int64_t kOne = 1'000'000;

  constexpr Decimal() = default;

  /// From a count of millionths.
  static constexpr Decimal from_units(std::int64_t units) {
    Decimal d;
    d.units_ = units;
    return d;
  }
  /// From a whole number.
  static constexpr Decimal from_int(std::int64_t whole) { return from_units(whole * kOne); }

  /// Parses canonical text: optional sign, digits, optional `.` and up to 6
  /// fraction digits (`"1187.50"`, `"-3"`, `".5"`). No thousands separators, no
  /// exponent, no spaces: locale-specific forms are the feed parser's job.
  /// Returns nullopt on anything else, including more than 6 fraction digits
  /// that are not zeros and values out of range.
  static std::optional<Decimal> parse(std::string_view text) noexcept {
    if (text.empty()) return std::nullopt;
    bool negative = false;
    std::size_t i = 0;
    if (text[0] == '-' || text[0] == '+') {
      negative = text[0] == '-';
      i = 1;
    }
    std::int64_t whole = 0;
    std::int64_t frac = 0;
    int frac_digits = 0;
    bool any_digit = false;
    bool in_frac = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '.' && !in_frac) {
        in_frac = true;
        continue;
      }
      if (c < '0' || c > '9') return std::nullopt;
      any_digit = true;
      int digit = c - '0';
      if (!in_frac) {
        if (whole > (INT64_MAX / kOne - digit) / 10) return std::nullopt;
        whole = whole * 10 + digit;
      } else if (frac_digits < kScale) {
        frac = frac * 10 + digit;
        ++frac_digits;
      } else if (digit != 0) {
        return std::nullopt;  // precision would be lost silently
      }
    }
    if (!any_digit) return std::nullopt;
    for (; frac_digits < kScale; ++frac_digits) frac *= 10;
    std::int64_t units = whole * kOne + frac;
    return from_units(negative ? -units : units);
  }

  constexpr std::int64_t units() const { return units_; }
  constexpr bool is_zero() const { return units_ == 0; }
  constexpr bool is_negative() const { return units_ < 0; }

  /// Canonical text with `digits` fraction digits (0..6), rounded half away from
  /// zero: `Decimal::parse("2.345")->to_string(2) == "2.35"`. Suits PostgreSQL
  /// `numeric` input.
  std::string to_string(int digits = kScale) const {
    if (digits < 0) digits = 0;
    if (digits > kScale) digits = kScale;
    std::int64_t step = 1;
    for (int k = digits; k < kScale; ++k) step *= 10;
    std::int64_t v = round_units(units_, step) / step;
    bool negative = v < 0;
    std::uint64_t mag = negative ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    std::string s = std::to_string(mag);
    if (digits > 0) {
      if (s.size() <= static_cast<std::size_t>(digits))
        s.insert(0, static_cast<std::size_t>(digits) - s.size() + 1, '0');
      s.insert(s.size() - static_cast<std::size_t>(digits), 1, '.');
    }
    return negative ? "-" + s : s;
  }

  /// Rounds half away from zero to a multiple of `step` (e.g. 0.01, 1, 10).
  /// A step of zero or below returns the value unchanged.
  constexpr Decimal round_to(Decimal step) const {
    if (step.units_ <= 0) return *this;
    return from_units(round_units(units_, step.units_));
  }

  friend constexpr Decimal operator+(Decimal a, Decimal b) { return from_units(a.units_ + b.units_); }
  friend constexpr Decimal operator-(Decimal a, Decimal b) { return from_units(a.units_ - b.units_); }
  /// Product, rounded half away from zero to 6 digits (128-bit intermediate).
  friend constexpr Decimal operator*(Decimal a, Decimal b) {
    __int128 p = static_cast<__int128>(a.units_) * b.units_;
    return from_units(static_cast<std::int64_t>(div_round(p, kOne)));
  }
  /// Quotient, rounded half away from zero to 6 digits. Division by zero yields zero;
  /// callers check the divisor first.
  friend constexpr Decimal operator/(Decimal a, Decimal b) {
    if (b.units_ == 0) return Decimal{};
    __int128 n = static_cast<__int128>(a.units_) * kOne;
    return from_units(static_cast<std::int64_t>(div_round(n, b.units_)));
  }
  friend constexpr auto operator<=>(Decimal, Decimal) = default;
  friend constexpr bool operator==(Decimal, Decimal) = default;

 private:
  static constexpr __int128 div_round(__int128 n, __int128 d) {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    __int128 q = n / d;
    __int128 r = n % d;
    if (r < 0) r = -r;
    if (2 * r >= d) q += (n < 0) ? -1 : 1;
    return q;
  }
  static constexpr std::int64_t round_units(std::int64_t units, std::int64_t step) {
    return static_cast<std::int64_t>(div_round(units, step)) * step;
  }

  std::int64_t units_ = 0;
};

}  // namespace tecsync
