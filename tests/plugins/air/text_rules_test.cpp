// Number rules N1–N5, stock text rules, SKU rules, header folding and FECHA,
// as cases/README.md states them.
#include <gtest/gtest.h>

#include "tecsync/text/datetime.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/stock.hpp"

namespace tt = tecsync::text;
using tt::NumberCode;
using tt::NumberKind;

namespace {
std::string num(std::string_view s, NumberKind k = NumberKind::money, char mark = 0) {
  auto r = tt::parse_number(s, k, mark);
  if (r.code == NumberCode::ok) return r.value.to_string(2);
  if (r.code == NumberCode::empty) return "EMPTY";
  return tt::to_string(r.code);
}
std::string stock(std::string_view s) {
  auto r = tt::parse_stock(s);
  std::string code = tt::to_string(r.code);
  return r.quantity.to_string(0) + (code.empty() ? "" : " " + code);
}
}  // namespace

TEST(TextNumber, N1BothMarksLastOneIsDecimal) {
  EXPECT_EQ(num("1.234,56"), "1234.56");
  EXPECT_EQ(num("1,234.56"), "1234.56");
  EXPECT_EQ(num("1.234.567,8"), "1234567.80");
  EXPECT_EQ(num("12.34,5"), "BAD_NUMBER");     // group of 2
  EXPECT_EQ(num("1.234,5,6"), "BAD_NUMBER");   // two decimal marks
  EXPECT_EQ(num("1234.567,8"), "BAD_NUMBER");  // first group of 4
}

TEST(TextNumber, N2RepeatedMarkGroupsThousands) {
  EXPECT_EQ(num("1.234.567"), "1234567.00");
  EXPECT_EQ(num("1,234,567"), "1234567.00");
  EXPECT_EQ(num("1.23.456"), "BAD_NUMBER");
}

TEST(TextNumber, N3OneMarkWithOneTwoOrFourPlusDigitsIsDecimal) {
  EXPECT_EQ(num("12,5"), "12.50");
  EXPECT_EQ(num("12,50"), "12.50");
  EXPECT_EQ(num("12.5"), "12.50");
  auto r = tt::parse_number("0.1234", NumberKind::money);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.to_string(4), "0.1234");
  EXPECT_EQ(num("24,90"), "24.90");
  EXPECT_EQ(num("38,5"), "38.50");
  EXPECT_EQ(num("10,5", NumberKind::percent), "10.50");
}

TEST(TextNumber, N4ExactlyThreeDigitsDependsOnTheColumn) {
  EXPECT_EQ(num("2.100", NumberKind::stock), "2100.00");
  EXPECT_EQ(num("1,500", NumberKind::stock), "1500.00");
  EXPECT_EQ(num("2.100", NumberKind::money), "AMBIGUOUS_NUMBER");
  EXPECT_EQ(num("1,500", NumberKind::percent), "AMBIGUOUS_NUMBER");
  EXPECT_EQ(num("2.100", NumberKind::money, '.'), "2.10");
  EXPECT_EQ(num("2.100", NumberKind::money, ','), "2100.00");
  EXPECT_EQ(num("1,500", NumberKind::money, ','), "1.50");
  EXPECT_EQ(num("12,5", NumberKind::money, '.'), "12.50");  // N3 still holds when a mark is declared
}

TEST(TextNumber, N5CurrencyMarksAreStripped) {
  EXPECT_EQ(num("u$s 7,95"), "7.95");
  EXPECT_EQ(num("U$S7.95"), "7.95");
  EXPECT_EQ(num("USD 1.234,50"), "1234.50");
  EXPECT_EQ(num("$ 12"), "12.00");
  EXPECT_EQ(num("12 usd"), "12.00");
  EXPECT_EQ(num("  \xC2\xA0"
                "5,2 "),
            "5.20");
  EXPECT_EQ(num("EUR 5"), "BAD_NUMBER");
  EXPECT_EQ(num("12a"), "BAD_NUMBER");
  EXPECT_EQ(num("1e5"), "BAD_NUMBER");
  EXPECT_EQ(num("12."), "BAD_NUMBER");
  EXPECT_EQ(num("."), "BAD_NUMBER");
  EXPECT_EQ(num(""), "EMPTY");
  EXPECT_EQ(num(" u$s "), "EMPTY");
}

TEST(TextNumber, SignsAndLimits) {
  EXPECT_EQ(num("-3,5"), "-3.50");
  EXPECT_EQ(num("+3"), "3.00");
  EXPECT_EQ(num("0,00"), "0.00");
  EXPECT_EQ(num("99999999999999999999"), "BAD_NUMBER");
  EXPECT_EQ(num("1.1234567"), "BAD_NUMBER");  // precision would be lost
}

// The shapes read without building text (plain integers, one mark with 1, 2,
// 4–6 fraction digits) agree with the general rules at their edges.
TEST(TextNumber, CommonShapesAtTheirEdges) {
  EXPECT_EQ(num("999999999999"), "999999999999.00");    // 12 digits
  EXPECT_EQ(num("9223372036854"), "9223372036854.00");  // 13: the general path
  EXPECT_EQ(num("9223372036855"), "BAD_NUMBER");        // beyond Decimal's range
  EXPECT_EQ(num(",5"), "0.50");
  EXPECT_EQ(num("-,25"), "-0.25");
  EXPECT_EQ(num("0,000001", NumberKind::money), "0.00");
  EXPECT_EQ(tt::parse_number("0,000001", NumberKind::money).value.units(), 1);
  EXPECT_EQ(num("1,1234567"), "BAD_NUMBER");
  EXPECT_EQ(num("1,1234560"), "1.12");  // trailing zeros lose nothing
  EXPECT_EQ(num("12,"), "BAD_NUMBER");
  EXPECT_EQ(num("1,2,5"), "BAD_NUMBER");
  EXPECT_EQ(num("- 7"), "-7.00");
  EXPECT_EQ(num("-"), "BAD_NUMBER");
}

TEST(TextStock, DocumentedSpellingsOfNoneAreZeroWithoutWarning) {
  EXPECT_EQ(stock(""), "0");
  EXPECT_EQ(stock("-"), "0");
  EXPECT_EQ(stock("0"), "0");
  EXPECT_EQ(stock("Sin stock"), "0");
  EXPECT_EQ(stock("SIN STOCK"), "0");
}

TEST(TextStock, LowerBoundsNegativesAndText) {
  EXPECT_EQ(stock(">10"), "10 STOCK_LOWER_BOUND");
  EXPECT_EQ(stock("+50"), "50 STOCK_LOWER_BOUND");
  EXPECT_EQ(stock("> 5"), "5 STOCK_LOWER_BOUND");
  EXPECT_EQ(stock("10+"), "10 STOCK_LOWER_BOUND");
  EXPECT_EQ(stock("10 +"), "10 STOCK_LOWER_BOUND");
  EXPECT_EQ(stock("-3+"), "0 STOCK_TEXT");
  EXPECT_EQ(stock("+"), "0 STOCK_TEXT");
  EXPECT_EQ(stock("-3"), "0 NEGATIVE_STOCK");
  EXPECT_EQ(stock("Consultar"), "0 STOCK_TEXT");
  EXPECT_EQ(stock(">"), "0 STOCK_TEXT");
  EXPECT_EQ(stock(">-3"), "0 STOCK_TEXT");
  EXPECT_EQ(stock("3.0"), "3");
  EXPECT_EQ(stock("2.100"), "2100");
  EXPECT_EQ(stock(" 7 "), "7");
}

TEST(TextSku, TrimsSpaceTabAndNbspKeepsInnerSpaces) {
  EXPECT_EQ(tt::check_sku(" GX-7001 ").sku, "GX-7001");
  EXPECT_EQ(tt::check_sku("\xC2\xA0GX-7003\t").sku, "GX-7003");
  EXPECT_EQ(tt::check_sku("KIT 01").sku, "KIT 01");
  EXPECT_EQ(tt::check_sku("000123").sku, "000123");
  EXPECT_EQ(tt::check_sku("   ").code, tt::SkuCode::blank);
  EXPECT_EQ(tt::check_sku("").code, tt::SkuCode::blank);
  EXPECT_STREQ(tt::to_string(tt::SkuCode::blank), "BLANK_SKU");
}

TEST(TextSku, SpreadsheetFormsAreMangled) {
  for (const char* s : {"1.23457E+11", "1,23457E+11", "123E-4", "12e+4", "417.0", "417,00", "5.000"})
    EXPECT_EQ(tt::check_sku(s).code, tt::SkuCode::mangled) << s;
  for (const char* s : {"12E4", "417", "417.5", "AX-1.0", "E+11", "1.2E", "0417"})
    EXPECT_EQ(tt::check_sku(s).code, tt::SkuCode::ok) << s;
  EXPECT_STREQ(tt::to_string(tt::SkuCode::mangled), "MANGLED_SKU");
}

TEST(TextHeader, FoldsCaseAccentsAndSpaces) {
  EXPECT_EQ(tt::fold_header("DESCRIPCI\xC3\x93N"), "descripcion");
  EXPECT_EQ(tt::fold_header(" codprov "), "codprov");
  EXPECT_EQ(tt::fold_header("BS  AS"), "bs as");
  EXPECT_EQ(tt::fold_header("\xC2\xA0"
                            "COSTO+"),
            "costo+");
  EXPECT_EQ(tt::fold_header("N\xC2\xBA Parte"), "n\xC2\xBA parte");
  EXPECT_EQ(tt::fold_header("A\xC3\xB1o"), "ano");
  std::vector<std::string> headers = {"Codprov ", "Descripcion", "COSTO+"};
  EXPECT_EQ(tt::find_column(headers, "DESCRIPCI\xC3\x93N"), 1u);
  EXPECT_EQ(tt::find_column(headers, "CODPROV"), 0u);
  EXPECT_FALSE(tt::find_column(headers, "IVA"));
  EXPECT_EQ(tt::split_aliases(" BS AS | LUG|"), (std::vector<std::string>{"BS AS", "LUG"}));
}

TEST(TextDate, FechaIsArgentinaTimeDayFirst) {
  using namespace std::chrono;
  auto t = tt::parse_day_first("18/02/2026 15:30");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, sys_days{2026y / February / 18} + 18h + 30min);
  EXPECT_EQ(*tt::parse_day_first("01/03/2026 22:15:10"), sys_days{2026y / March / 2} + 1h + 15min + 10s);
  EXPECT_EQ(*tt::parse_day_first("5/3/2026"), sys_days{2026y / March / 5} + 3h);
  EXPECT_FALSE(tt::parse_day_first("31/02/2026 10:00"));
  EXPECT_FALSE(tt::parse_day_first("2026-02-18 10:00"));
  EXPECT_FALSE(tt::parse_day_first("18/02/2026 25:00"));
  EXPECT_FALSE(tt::parse_day_first(""));
}
