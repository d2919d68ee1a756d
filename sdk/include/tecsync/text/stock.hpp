#pragma once
/// @file
/// Stock cells (cases/README "Stock text rules"). The conservative choice is
/// never to advertise stock that cannot be counted.

#include <string_view>

#include "tecsync/decimal.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::text {

enum class StockCode {
  ok,           ///< a plain number, or a documented spelling of none (empty, `-`, `0`, `Sin stock`)
  lower_bound,  ///< `STOCK_LOWER_BOUND`: `>N` / `+N` → N
  negative,     ///< `NEGATIVE_STOCK`: a negative number → 0
  text,         ///< `STOCK_TEXT`: any other text (`Consultar`) → 0
};

/// The vocabulary string of a code (`""` for ok).
inline const char* to_string(StockCode c) noexcept {
  switch (c) {
    case StockCode::lower_bound:
      return "STOCK_LOWER_BOUND";
    case StockCode::negative:
      return "NEGATIVE_STOCK";
    case StockCode::text:
      return "STOCK_TEXT";
    case StockCode::ok:
      break;
  }
  return "";
}

/// A quantity (≥ 0, in units) and the warning it carries, if any.
struct StockResult {
  Decimal quantity;
  StockCode code = StockCode::ok;
};

namespace detail {
inline bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace detail

/// Parses a stock cell; never fails. `>N`, `>=N`, `+N` and `N+` are lower
/// bounds (`STOCK_LOWER_BOUND`). Numbers follow the number rules with
/// `NumberKind::stock` (`2.100` = 2100, `3.0` = 3).
inline StockResult parse_stock(std::string_view cell) {
  StockResult r;
  std::string_view s = trim(cell);
  if (s.empty() || s == "-" || detail::iequals_ascii(s, "sin stock")) return r;
  bool bound = false;
  if (s.front() == '>' || s.front() == '+') {
    bool greater = s.front() == '>';
    s.remove_prefix(1);
    if (greater && !s.empty() && s.front() == '=') s.remove_prefix(1);  // `>=5`
    bound = true;
    s = trim(s);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {  // `>-3`, `++5`: not a count
      r.code = StockCode::text;
      return r;
    }
  } else if (s.size() > 1 && s.back() == '+') {  // `10+`: the same lower bound, written after
    s.remove_suffix(1);
    bound = true;
    s = trim(s);
    if (s.empty() || s.back() == '+' || s.front() == '-' || s.front() == '+') {
      r.code = StockCode::text;
      return r;
    }
  }
  NumberResult n = parse_number(s, NumberKind::stock);
  if (!n.ok()) {
    r.code = StockCode::text;
    return r;
  }
  if (n.value.is_negative()) {
    r.code = StockCode::negative;
    return r;
  }
  r.quantity = n.value;
  if (bound) r.code = StockCode::lower_bound;
  return r;
}

}  // namespace tecsync::text
