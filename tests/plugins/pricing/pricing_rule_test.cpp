// The price rule on its own: exact arithmetic and half-up rounding.
#include <gtest/gtest.h>

#include "price_rule.hpp"

using tecsync::Decimal;
using tecsync::pricing::list_price;

namespace {
Decimal d(const char* s) { return *Decimal::parse(s); }
}  // namespace

TEST(PriceRule, IdentityProfileKeepsTheCost) {
  EXPECT_EQ(list_price(d("45.10"), d("0"), d("1"), d("0.01")), d("45.10"));
}

TEST(PriceRule, MarginAndFx) {
  // 100 USD × 1.30 × 1187.50 = 154375.00
  EXPECT_EQ(list_price(d("100"), d("30"), d("1187.50"), d("0.01")), d("154375"));
}

TEST(PriceRule, HalfUpAtExactlyHalfACent) {
  EXPECT_EQ(list_price(d("10.005"), d("0"), d("1"), d("0.01")), d("10.01"));
  EXPECT_EQ(list_price(d("10.004999"), d("0"), d("1"), d("0.01")), d("10.00"));
  // 0.0125 × 1.20 = 0.015 exactly: half-up gives 0.02 (a rounded intermediate could not)
  EXPECT_EQ(list_price(d("0.0125"), d("20"), d("1"), d("0.01")), d("0.02"));
}

TEST(PriceRule, NoDoubleRounding) {
  // 1.234567 × 1.015 × 3.333333 = 4.1770...; a per-step 6-digit rounding would agree
  // here, but the exact path must equal the single rounding of the exact product.
  // 0.333333 × 1.5 = 0.4999995 exactly → 0.50 at 0.01, but 0.49 if truncated.
  EXPECT_EQ(list_price(d("0.333333"), d("50"), d("1"), d("0.01")), d("0.50"));
}

TEST(PriceRule, CoarseRoundingSteps) {
  EXPECT_EQ(list_price(d("12.34"), d("0"), d("1000"), d("10")), d("12340"));
  EXPECT_EQ(list_price(d("12.345"), d("0"), d("1000"), d("10")), d("12350"));  // 12345 → 12350 (half up)
  EXPECT_EQ(list_price(d("1.5"), d("0"), d("1"), d("1")), d("2"));
}

TEST(PriceRule, RefusesNonPositiveInputs) {
  EXPECT_FALSE(list_price(d("0"), d("30"), d("1"), d("0.01")));
  EXPECT_FALSE(list_price(d("-1"), d("30"), d("1"), d("0.01")));
  EXPECT_FALSE(list_price(d("1"), d("30"), d("0"), d("0.01")));
}

TEST(PriceRule, OverflowIsNotAWrongPrice) {
  EXPECT_FALSE(list_price(d("9000000000000"), d("1000"), d("100000"), d("0.01")));
}
