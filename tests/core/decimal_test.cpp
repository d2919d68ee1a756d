// tecsync::Decimal (SDK): parse, format, round, multiply, divide.
#include <gtest/gtest.h>

#include "tecsync/decimal.hpp"

namespace tecsync {
namespace {

Decimal D(const char* s) {
  auto d = Decimal::parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Decimal{});
}

TEST(Decimal, ParsesCanonicalText) {
  EXPECT_EQ(D("1187.50").units(), 1'187'500'000);
  EXPECT_EQ(D("-3").units(), -3'000'000);
  EXPECT_EQ(D("+3").units(), 3'000'000);
  EXPECT_EQ(D(".5").units(), 500'000);
  EXPECT_EQ(D("0.000001").units(), 1);
  EXPECT_EQ(D("1.2300000").units(), 1'230'000);  // trailing zeros past 6 digits lose nothing
}

TEST(Decimal, RefusesAnythingElse) {
  for (const char* bad : {"", "-", ".", "1.2345678", "abc", "1e5", "1,5", " 1", "1 ", "1.2.3", "9999999999999"})
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  EXPECT_TRUE(Decimal::parse("9223371").has_value());
}

TEST(Decimal, FormatsWithHalfAwayFromZero) {
  EXPECT_EQ(D("2.345").to_string(2), "2.35");
  EXPECT_EQ(D("-2.345").to_string(2), "-2.35");
  EXPECT_EQ(D("2.344999").to_string(2), "2.34");
  EXPECT_EQ(D("0.005").to_string(2), "0.01");
  EXPECT_EQ(D("0.5").to_string(0), "1");
  EXPECT_EQ(D("-0.5").to_string(0), "-1");
  EXPECT_EQ(D("0.04").to_string(1), "0.0");
  EXPECT_EQ(D("7").to_string(), "7.000000");
  EXPECT_EQ(D("0.000001").to_string(6), "0.000001");
  EXPECT_EQ(D("-0.000001").to_string(6), "-0.000001");
}

TEST(Decimal, RoundsToAStep) {
  EXPECT_EQ(D("1543.755").round_to(D("0.01")), D("1543.76"));
  EXPECT_EQ(D("1543.754999").round_to(D("0.01")), D("1543.75"));
  EXPECT_EQ(D("1545").round_to(D("10")), D("1550"));
  EXPECT_EQ(D("-1545").round_to(D("10")), D("-1550"));
  EXPECT_EQ(D("12.3").round_to(D("0")), D("12.3"));
}

TEST(Decimal, MultipliesWith128BitIntermediate) {
  EXPECT_EQ(D("1.5") * D("2"), D("3"));
  EXPECT_EQ(D("0.000001") * D("0.5"), D("0.000001"));  // 0.0000005 rounds away from zero
  EXPECT_EQ(D("-0.000001") * D("0.5"), D("-0.000001"));
  EXPECT_EQ(D("0.000001") * D("0.4"), D("0"));
  // 1,000,000 USD × 1.30 × 7,000 ARS/USD fits.
  EXPECT_EQ(D("1000000") * D("1.30") * D("7000"), D("9100000000"));
  EXPECT_EQ((D("289.00") * D("1.30") * D("1187.50")).round_to(D("0.01")), D("446143.75"));
}

TEST(Decimal, Divides) {
  EXPECT_EQ(D("1") / D("3"), D("0.333333"));
  EXPECT_EQ(D("2") / D("3"), D("0.666667"));
  EXPECT_EQ(D("-2") / D("3"), D("-0.666667"));
  EXPECT_EQ(D("2") / D("-3"), D("-0.666667"));
  EXPECT_EQ(D("1") / D("0.0008"), D("1250"));
  EXPECT_EQ(D("5") / D("0"), D("0"));  // documented: zero, callers check first
}

TEST(Decimal, Compares) {
  EXPECT_LT(D("-1"), D("0"));
  EXPECT_GT(D("0.000001"), D("0"));
  EXPECT_TRUE(D("0").is_zero());
  EXPECT_TRUE(D("-0.1").is_negative());
}

}  // namespace
}  // namespace tecsync
