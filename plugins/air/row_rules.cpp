#include "row_rules.hpp"

#include "tecsync/text/message.hpp"
#include "tecsync/text/number.hpp"
#include "tecsync/text/stock.hpp"
#include "tecsync/text/trim.hpp"

namespace tecsync::air {
namespace {

using text::quoted;

std::optional<Problem> check_cost(Offer& offer, Decimal value, std::string_view raw, std::optional<Decimal> limit) {
  if (value.units() <= 0) {
    warn(offer, "NO_PRICE", "cost " + quoted(raw) + " is not > 0; price left alone");
    return std::nullopt;
  }
  if (limit && value > *limit)
    return Problem{"OUT_OF_RANGE", "cost " + quoted(raw) + " " + offer.currency + " above the limit " +
                                       limit->to_string(2) + " (max_cost)"};
  offer.cost = value;
  return std::nullopt;
}

}  // namespace

void warn(Offer& offer, std::string code, std::string detail) {
  offer.warnings.push_back({offer.origin, offer.sku, std::move(code), std::move(detail)});
}

std::optional<Decimal> cost_limit(const AirConfig& config, const std::string& currency,
                                  std::optional<Decimal> usd_rate) {
  if (currency == "USD") return config.max_cost;
  if (usd_rate && usd_rate->units() > 0) return config.max_cost * *usd_rate;
  return std::nullopt;
}

std::optional<Problem> set_cost(Offer& offer, std::string_view cell, std::optional<Decimal> limit, char decimal_mark) {
  std::string_view t = text::trim(cell);
  auto n = text::parse_number(t == "-" ? std::string_view() : t, text::NumberKind::money, decimal_mark);
  switch (n.code) {
    case text::NumberCode::empty:
      warn(offer, "NO_PRICE",
           "cost is empty" + (t.empty() ? std::string() : " (" + quoted(t) + ")") + "; price left alone");
      return std::nullopt;
    case text::NumberCode::bad:
      return Problem{"BAD_NUMBER", "cost " + quoted(t) + " is not a number"};
    case text::NumberCode::ambiguous:
      return Problem{"AMBIGUOUS_NUMBER",
                     "cost " + quoted(t) + ": thousands or decimal mark? set decimal_mark to decide"};
    case text::NumberCode::ok:
      break;
  }
  return check_cost(offer, n.value, t, limit);
}

std::optional<Problem> set_cost_exact(Offer& offer, const std::string& text, std::optional<Decimal> limit) {
  auto d = Decimal::parse(text);
  if (!d) return Problem{"BAD_NUMBER", "cost " + quoted(text) + " is not a decimal within range"};
  return check_cost(offer, *d, text, limit);
}

std::optional<Problem> set_vat(Offer& offer, std::string_view cell, const AirConfig& config, char decimal_mark) {
  std::string_view t = text::trim(cell);
  auto n = text::parse_number(t, text::NumberKind::percent, decimal_mark);
  switch (n.code) {
    case text::NumberCode::empty:
      return std::nullopt;
    case text::NumberCode::bad:
      return Problem{"BAD_NUMBER", "VAT " + quoted(t) + " is not a number"};
    case text::NumberCode::ambiguous:
      return Problem{"AMBIGUOUS_NUMBER", "VAT " + quoted(t) + ": thousands or decimal mark?"};
    case text::NumberCode::ok:
      break;
  }
  if (n.value.is_negative() || (!config.vat_rates.empty() && !config.vat_rates.count(n.value)))
    return Problem{"OUT_OF_RANGE", "VAT " + quoted(t) + " is not an allowed rate (vat_rates)"};
  offer.vat_percent = n.value;
  return std::nullopt;
}

std::optional<Problem> set_stock(Offer& offer, const WarehouseSpec& warehouse, const std::vector<StockCell>& cells,
                                 const AirConfig& config) {
  const StockCell* chosen = nullptr;
  text::StockResult chosen_result;
  for (const auto& cell : cells) {
    if (!cell.text) continue;
    text::StockResult r = text::parse_stock(*cell.text);
    if (!chosen || (chosen_result.quantity.units() <= 0 && r.quantity.units() > 0)) {
      chosen = &cell;
      chosen_result = r;
    }
    if (r.quantity.units() > 0) break;
  }
  if (!chosen) {
    warn(offer, "STOCK_MISSING", warehouse.code + ": no stock for this row; 0 used");
    offer.stock.push_back({warehouse.code, Decimal{}});
    return std::nullopt;
  }
  if (chosen_result.quantity > config.max_quantity)
    return Problem{"OUT_OF_RANGE", warehouse.code + " (" + chosen->name + ") " + quoted(text::trim(*chosen->text)) +
                                       " above max_quantity " + config.max_quantity.to_string(0)};
  if (chosen_result.code != text::StockCode::ok)
    warn(offer, text::to_string(chosen_result.code),
         warehouse.code + " (" + chosen->name + ") " + quoted(text::trim(*chosen->text)) + " → " +
             chosen_result.quantity.to_string(0));
  offer.stock.push_back({warehouse.code, chosen_result.quantity});
  return std::nullopt;
}

}  // namespace tecsync::air
