// Fuzzes the cell rules of cases/README: numbers (N1–N5), stock text, SKUs and
// FECHA. The input is one cell. Properties:
//  * a parsed number prints (`Decimal::to_string`) and parses back to itself,
//    in a money column with `.` declared and, when whole, in a stock column;
//  * a money cell read without a declared mark, when ok, reads the same with
//    either mark declared and as stock (rule N4 alone depends on the column);
//  * `AMBIGUOUS_NUMBER` only ever comes from a money/percent column without a
//    declared mark;
//  * stock is never negative, 0 unless the cell was a count, and a plain
//    non-negative number is taken as is;
//  * a SKU is the trimmed cell, unchanged otherwise (never reformatted);
//  * a FECHA that parses prints back (dd/mm/yyyy HH:MM:SS) to the same instant.
#include <chrono>
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"
#include "tecsync/text/datetime.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/stock.hpp"

namespace text = tecsync::text;
using text::NumberCode;
using text::NumberKind;

namespace {

void numbers(std::string_view cell) {
  text::NumberResult money = text::parse_number(cell, NumberKind::money);
  text::NumberResult stock = text::parse_number(cell, NumberKind::stock);
  text::NumberResult dot = text::parse_number(cell, NumberKind::money, '.');
  text::NumberResult comma = text::parse_number(cell, NumberKind::money, ',');
  fuzz::check(stock.code != NumberCode::ambiguous, "a stock column is never ambiguous");
  fuzz::check(dot.code != NumberCode::ambiguous && comma.code != NumberCode::ambiguous,
              "a declared decimal mark resolves every ambiguity");
  fuzz::check((money.code == NumberCode::empty) == (stock.code == NumberCode::empty), "empty depends on the column");
  if (money.ok()) {
    fuzz::check(stock.ok() && stock.value == money.value, "money and stock disagree outside rule N4");
    fuzz::check(dot.ok() && dot.value == money.value, "declaring '.' changed a non-ambiguous number");
    fuzz::check(comma.ok() && comma.value == money.value, "declaring ',' changed a non-ambiguous number");
  }
  // `2.100`: the mark read as the decimal one always gives a number; read as
  // grouping it may not (`.015`, `1234.567`), and that is BAD_NUMBER.
  // (Within Decimal's range: 13+ integer digits are BAD_NUMBER either way.)
  std::size_t digits = 0;
  for (char c : cell) digits += c >= '0' && c <= '9';
  if (money.code == NumberCode::ambiguous && digits <= 12)
    fuzz::check(dot.ok() || comma.ok(), "an ambiguous number reads no way");
  for (const auto* r : {&money, &stock, &dot, &comma}) {
    if (!r->ok()) continue;
    std::string printed = r->value.to_string();
    auto back = text::parse_number(printed, NumberKind::money, '.');
    fuzz::check(back.ok() && back.value == r->value, "number → text → number round trip");
    auto exact = tecsync::Decimal::parse(printed);
    fuzz::check(exact && *exact == r->value, "Decimal::to_string → Decimal::parse round trip");
    if (r->value.units() % tecsync::Decimal::kOne == 0) {
      auto whole = text::parse_number(r->value.to_string(0), NumberKind::stock);
      fuzz::check(whole.ok() && whole.value == r->value, "whole number round trip as stock");
    }
  }
}

void stock_cell(std::string_view cell) {
  text::StockResult s = text::parse_stock(cell);
  fuzz::check(!s.quantity.is_negative(), "stock quantity is negative");
  if (s.code == text::StockCode::text || s.code == text::StockCode::negative)
    fuzz::check(s.quantity.is_zero(), "uncountable stock must be 0");
  std::string_view t = text::trim(cell);
  text::NumberResult n = text::parse_number(cell, NumberKind::stock);
  if (n.ok() && !n.value.is_negative() && !t.empty() && t.front() != '+')
    fuzz::check(s.code == text::StockCode::ok && s.quantity == n.value, "a plain count was not taken as is");
  if (n.ok() && n.value.is_negative()) fuzz::check(s.code != text::StockCode::ok || s.quantity.is_zero(), "negative");
}

void sku_cell(std::string_view cell) {
  text::SkuResult r = text::check_sku(cell);
  fuzz::check(r.sku == text::trim(cell), "a SKU is the trimmed cell");
  fuzz::check(text::trim(r.sku) == r.sku, "trim is not idempotent");
  fuzz::check((r.code == text::SkuCode::blank) == r.sku.empty(), "blank iff empty");
  if (r.code == text::SkuCode::mangled) fuzz::check(text::looks_mangled(r.sku), "mangled without the form");
  if (r.code == text::SkuCode::ok) fuzz::check(!text::looks_mangled(r.sku), "a mangled form accepted");
}

void date_cell(std::string_view cell) {
  auto t = text::parse_day_first(cell);
  if (!t) return;
  auto local = *t + std::chrono::hours(-3);
  auto days = std::chrono::floor<std::chrono::days>(local);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss<std::chrono::seconds> hms{local - days};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d %02d:%02d:%02d", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  auto back = text::parse_day_first(buf);
  fuzz::check(back && *back == *t, "FECHA → text → FECHA round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256) return -1;  // one cell; longer inputs add nothing but time
  std::string_view cell(reinterpret_cast<const char*>(data), size);
  numbers(cell);
  stock_cell(cell);
  sku_cell(cell);
  date_cell(cell);
  return 0;
}
