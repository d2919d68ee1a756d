#include "row_rules.hpp"

#include "tecsync/text/datetime.hpp"
#include "tecsync/text/header.hpp"
#include "tecsync/text/message.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/stock.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::feeds {
namespace {

using text::quoted;

struct Problem {
  std::string code, detail;
};

void warn(Offer& offer, std::string code, std::string detail) {
  offer.warnings.push_back({offer.origin, offer.sku, std::move(code), std::move(detail)});
}

// A number cell in a money or percent column: JSON numbers exactly, text by N1–N5.
std::variant<Decimal, text::NumberCode> read_number(const Cell& cell, text::NumberKind kind, char mark) {
  std::string_view t = text::trim(cell.text);
  if (cell.number) {
    auto d = Decimal::parse(t);
    if (!d) return text::NumberCode::bad;
    return *d;
  }
  auto n = text::parse_number(t, kind, mark);
  if (!n.ok()) return n.code;
  return n.value;
}

std::optional<Problem> set_cost(const CommonConfig& c, Offer& offer, const std::optional<Cell>& cell) {
  std::string_view t = cell ? text::trim(cell->text) : std::string_view();
  if (t.empty() || t == "-") {
    warn(offer, "NO_PRICE", "cost is empty; price left alone");
    return std::nullopt;
  }
  auto r = read_number(*cell, text::NumberKind::money, c.decimal_mark);
  if (auto* code = std::get_if<text::NumberCode>(&r)) {
    if (*code == text::NumberCode::ambiguous)
      return Problem{"AMBIGUOUS_NUMBER", "cost " + quoted(t) + ": thousands or decimal mark? set decimal_mark"};
    if (*code == text::NumberCode::empty) {
      warn(offer, "NO_PRICE", "cost " + quoted(t) + " holds no number; price left alone");
      return std::nullopt;
    }
    return Problem{"BAD_NUMBER", "cost " + quoted(t) + " is not a number"};
  }
  Decimal v = std::get<Decimal>(r);
  if (v.units() <= 0) {
    warn(offer, "NO_PRICE", "cost " + quoted(t) + " is not > 0; price left alone");
    return std::nullopt;
  }
  if (v > c.max_cost)
    return Problem{"OUT_OF_RANGE", "cost " + quoted(t) + " above max_cost " + c.max_cost.to_string(2)};
  offer.cost = v;
  return std::nullopt;
}

std::optional<Problem> set_currency(const CommonConfig& c, Offer& offer, const std::optional<Cell>& cell) {
  std::string_view t = cell ? text::trim(cell->text) : std::string_view();
  if (t.empty()) {
    if (c.fixed_currency.empty()) return Problem{"UNKNOWN_CURRENCY", "currency is empty and no fixed currency is set"};
    offer.currency = c.fixed_currency;
    return std::nullopt;
  }
  if (auto it = c.currency_map.find(text::fold_header(t)); it != c.currency_map.end()) {
    offer.currency = it->second;
    return std::nullopt;
  }
  bool iso = t.size() == 3;
  for (char ch : t) iso = iso && ch >= 'A' && ch <= 'Z';
  if (!iso)
    return Problem{"UNKNOWN_CURRENCY",
                   "currency " + quoted(t) + " is not an ISO code; map it with currency_map." + std::string(t)};
  offer.currency = std::string(t);
  return std::nullopt;
}

std::optional<Problem> set_vat(const CommonConfig& c, Offer& offer, const std::optional<Cell>& cell) {
  if (c.fixed_vat) {
    offer.vat_percent = c.fixed_vat;
    return std::nullopt;
  }
  if (!cell || text::trim(cell->text).empty()) return std::nullopt;
  std::string_view t = text::trim(cell->text);
  auto r = read_number(*cell, text::NumberKind::percent, c.decimal_mark);
  if (auto* code = std::get_if<text::NumberCode>(&r))
    return Problem{*code == text::NumberCode::ambiguous ? "AMBIGUOUS_NUMBER" : "BAD_NUMBER",
                   "VAT " + quoted(t) + " is not a percentage"};
  Decimal v = std::get<Decimal>(r);
  if (v.is_negative() || (!c.vat_rates.empty() && !c.vat_rates.count(v)))
    return Problem{"OUT_OF_RANGE", "VAT " + quoted(t) + " is not an allowed rate (vat_rates)"};
  offer.vat_percent = v;
  return std::nullopt;
}

std::optional<Problem> add_stock(const CommonConfig& c, Offer& offer, const std::string& code,
                                 const std::optional<Cell>& cell) {
  if (!cell) {
    warn(offer, "STOCK_MISSING", code + ": no stock for this row; 0 used");
    offer.stock.push_back({code, Decimal{}});
    return std::nullopt;
  }
  std::string_view t = text::trim(cell->text);
  text::StockResult r;
  if (auto it = c.stock_text.find(text::fold_header(t)); !t.empty() && it != c.stock_text.end()) {
    r.quantity = it->second;  // the supplier's own word, mapped in config: no warning
  } else if (cell->number) {
    auto d = Decimal::parse(t);
    if (!d) return Problem{"BAD_NUMBER", code + " stock " + quoted(t) + " is not a number"};
    if (d->is_negative())
      r.code = text::StockCode::negative;
    else
      r.quantity = *d;
  } else {
    r = text::parse_stock(t);
  }
  if (r.quantity > c.max_quantity)
    return Problem{"OUT_OF_RANGE", code + " stock " + quoted(t) + " above max_quantity " + c.max_quantity.to_string(0)};
  if (r.code != text::StockCode::ok)
    warn(offer, text::to_string(r.code), code + " " + quoted(t) + " → " + r.quantity.to_string(0));
  offer.stock.push_back({code, r.quantity});
  return std::nullopt;
}

void set_observed(const CommonConfig& c, Offer& offer, const std::optional<Cell>& cell) {
  if (!cell || text::trim(cell->text).empty()) return;
  std::string_view t = text::trim(cell->text);
  std::optional<std::chrono::sys_seconds> when;
  switch (c.date_format) {
    case DateFormat::day_first:
      when = text::parse_day_first(t, c.utc_offset);
      break;
    case DateFormat::iso:
      when = parse_iso(t, c.utc_offset);
      break;
    case DateFormat::epoch: {
      auto n = text::parse_number(t, text::NumberKind::stock);
      if (n.ok() && !n.value.is_negative())
        when = std::chrono::sys_seconds(std::chrono::seconds(n.value.units() / Decimal::kOne));
      break;
    }
  }
  if (when)
    offer.observed_at = *when;
  else
    warn(offer, "BAD_DATE", "time stamp " + quoted(t) + " not understood (datetime_format); fetch time used");
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_iso(std::string_view s, std::chrono::minutes utc_offset) {
  // yyyy-mm-dd[(T| )HH:MM[:SS][.fff]][Z|±HH:MM]
  std::size_t i = 0;
  auto num = [&](int digits, int& out) {
    out = 0;
    for (int k = 0; k < digits; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto lit = [&](char ch) { return i < s.size() && s[i] == ch ? (++i, true) : false; };
  int y, m, d, hh = 0, mm = 0, ss = 0;
  if (!num(4, y) || !lit('-') || !num(2, m) || !lit('-') || !num(2, d)) return std::nullopt;
  if (i < s.size()) {
    if (!lit('T') && !lit(' ')) return std::nullopt;
    if (!num(2, hh) || !lit(':') || !num(2, mm)) return std::nullopt;
    if (lit(':') && !num(2, ss)) return std::nullopt;
    if (lit('.'))
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  std::chrono::minutes offset = utc_offset;
  if (lit('Z')) {
    offset = std::chrono::minutes(0);
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1, oh, om;
    if (!num(2, oh) || !lit(':') || !num(2, om)) return std::nullopt;
    offset = std::chrono::minutes(sign * (oh * 60 + om));
  }
  if (i != s.size() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  auto local =
      std::chrono::sys_days{ymd} + std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  return std::chrono::time_point_cast<std::chrono::seconds>(local - offset);
}

std::variant<Offer, RowIssue> build_offer(const CommonConfig& c, const RowCells& cells, const Origin& origin,
                                          std::chrono::sys_seconds fetched_at) {
  text::SkuResult sku = text::check_sku(cells.sku ? cells.sku->text : std::string());
  auto reject = [&](std::string code, std::string detail) {
    return RowIssue{origin, sku.sku, std::move(code), std::move(detail)};
  };
  if (sku.code == text::SkuCode::blank) return reject("BLANK_SKU", "SKU is blank");
  if (cells.sku->fractional) return reject("MANGLED_SKU", "SKU is the JSON number " + sku.sku + "; digits may be lost");
  if (sku.code == text::SkuCode::mangled)
    return reject("MANGLED_SKU",
                  "SKU " + quoted(sku.sku) + " is in spreadsheet number form; digits cannot be recovered");
  Offer offer;
  offer.sku = sku.sku;
  offer.origin = origin;
  offer.observed_at = fetched_at;
  if (auto p = set_currency(c, offer, cells.currency)) return reject(p->code, p->detail);
  if (auto p = set_cost(c, offer, cells.cost)) return reject(p->code, p->detail);
  if (auto p = set_vat(c, offer, cells.vat)) return reject(p->code, p->detail);
  for (std::size_t w = 0; w < c.stock.size(); ++w)
    if (auto p = add_stock(c, offer, c.stock[w].first, w < cells.stock.size() ? cells.stock[w] : std::nullopt))
      return reject(p->code, p->detail);
  set_observed(c, offer, cells.observed_at);
  return offer;
}

}  // namespace tecsync::feeds
