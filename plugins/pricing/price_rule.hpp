#pragma once
/// @file
/// The sales-price rule, exact in integer arithmetic.

#include <optional>

#include "tecsync/decimal.hpp"

namespace tecsync::pricing {

/// `round_half_up(cost × (1 + margin_percent/100) × fx, rounding)`.
///
/// * `cost`: unit cost in the cost's currency, > 0 (callers handle ≤ 0 as "no price").
/// * `margin_percent`: 30 means +30 %.
/// * `fx`: company-currency units per one unit of the cost's currency (1 when equal).
/// * `rounding`: the result's step (0.01, 1, 10), > 0.
///
/// The product is formed exactly (128-bit, 20 fraction digits) and rounded once, so
/// a value that is exactly halfway (…​.005 with step 0.01) rounds up, with no double
/// rounding. Returns nullopt if the result does not fit a Decimal.
std::optional<Decimal> list_price(Decimal cost, Decimal margin_percent, Decimal fx, Decimal rounding);

}  // namespace tecsync::pricing
