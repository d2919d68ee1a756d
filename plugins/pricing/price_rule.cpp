#include "price_rule.hpp"

#include <cstdint>
#include <limits>

namespace tecsync::pricing {

std::optional<Decimal> list_price(Decimal cost, Decimal margin_percent, Decimal fx, Decimal rounding) {
  if (rounding.units() <= 0 || cost.units() <= 0 || fx.units() <= 0) return std::nullopt;
  // In millionths: cost_u·10⁻⁶ × (10⁸ + margin_u)·10⁻⁸ × fx_u·10⁻⁶ = N·10⁻²⁰, where
  // 1 + margin/100 = (10⁸ + margin_u) / 10⁸ because margin_u is margin·10⁶.
  const __int128 factor = static_cast<__int128>(100'000'000) + margin_percent.units();
  if (factor <= 0) return std::nullopt;
  // Bounds keep N inside 128 bits: cost < 10¹⁸, factor < 10¹⁸, fx < 10¹⁸ can
  // overflow, so check by division instead of trusting the inputs' ranges.
  const __int128 max = std::numeric_limits<__int128>::max();
  __int128 n = static_cast<__int128>(cost.units()) * factor;
  if (n > max / fx.units()) return std::nullopt;
  n *= fx.units();
  // Steps of the result, expressed in 10⁻²⁰: rounding_u · 10¹⁴.
  const __int128 step = static_cast<__int128>(rounding.units()) * 100'000'000'000'000;
  __int128 q = n / step;
  if (2 * (n % step) >= step) ++q;  // half up (n > 0)
  const __int128 units = q * rounding.units();
  if (units > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return Decimal::from_units(static_cast<std::int64_t>(units));
}

}  // namespace tecsync::pricing
