#include "api_item.hpp"

#include <nlohmann/json.hpp>

#include "row_rules.hpp"
#include "tecsync/text/sku.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

// A scalar as the text a feed cell would hold: strings as they are, numbers
// in JSON's own form (dump), null as empty.
std::string cell_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

// Air's API writes decimals with '.', so a string price is parsed with '.'
// declared unless the config says otherwise; a JSON number is exact as written.
char api_decimal_mark(const AirConfig& c) { return c.decimal_mark ? c.decimal_mark : '.'; }

}  // namespace

ItemResult parse_api_item(const json& item, const AirConfig& config, const Origin& origin,
                          std::chrono::sys_seconds observed_at, std::optional<Decimal> cotiza) {
  auto reject = [&](std::string sku, std::string code, std::string detail) -> ItemResult {
    return RowIssue{origin, std::move(sku), std::move(code), std::move(detail)};
  };
  if (!item.is_object())
    return reject("", "BAD_ROW", "item is a JSON " + std::string(item.type_name()) + ", not an object");

  Offer offer;
  offer.origin = origin;
  offer.observed_at = observed_at;

  auto code_it = item.find("codigo");
  if (code_it == item.end() || code_it->is_null()) return reject("", "BLANK_SKU", "no 'codigo'");
  const json& code = *code_it;
  if (code.is_number_float())
    return reject(code.dump(), "MANGLED_SKU", "'codigo' is the JSON number " + code.dump() + "; digits may be lost");
  if (!code.is_string() && !code.is_number_integer())
    return reject("", "BAD_ROW", "'codigo' is a JSON " + std::string(code.type_name()));
  text::SkuResult sku = text::check_sku(cell_text(code));
  if (sku.code != text::SkuCode::ok)
    return reject(sku.sku, text::to_string(sku.code),
                  sku.code == text::SkuCode::blank ? "'codigo' is blank"
                                                   : "'codigo' '" + sku.sku + "' looks mangled by a spreadsheet");
  offer.sku = sku.sku;

  // The currency first: the cost's range check depends on it.
  auto moneda = item.find("moneda");
  std::string m = moneda != item.end() && moneda->is_string() ? moneda->get<std::string>() : std::string();
  if (m == "DOL" || m == "USD")
    offer.currency = "USD";
  else if (m == "PES" || m == "ARS")
    offer.currency = "ARS";
  std::optional<Decimal> limit = cost_limit(config, offer.currency, cotiza);

  std::optional<Problem> problem;
  auto price = item.find("precio");
  if (price == item.end() || price->is_null()) {
    warn(offer, "NO_PRICE", "no 'precio'; price left alone");
  } else if (price->is_number()) {
    problem = set_cost_exact(offer, price->dump(), limit);
  } else if (price->is_string()) {
    problem = set_cost(offer, price->get<std::string>(), limit, api_decimal_mark(config));
  } else {
    problem = Problem{"BAD_NUMBER", "'precio' is a JSON " + std::string(price->type_name())};
  }
  if (problem) return reject(offer.sku, problem->code, problem->detail);
  if (offer.cost && offer.currency.empty())  // a cost in an unknown currency is never guessed
    return reject(offer.sku, "UNKNOWN_CURRENCY",
                  "'moneda' " + (moneda == item.end() ? std::string("missing") : "'" + cell_text(*moneda) + "'") +
                      " is not DOL or PES");

  auto iva = item.find("impuesto_iva");
  if (iva != item.end() && iva->is_object()) {
    auto rate = iva->find("alicuota");
    if (rate != iva->end() && !rate->is_null()) {
      problem = set_vat(offer, cell_text(*rate), config, '.');
      if (problem) return reject(offer.sku, problem->code, problem->detail);
    }
  }

  for (const auto& w : config.warehouses) {
    std::vector<StockCell> cells;
    for (const auto& key : w.keys) {
      auto obj = item.find(key);
      if (obj == item.end() || !obj->is_object()) {
        cells.push_back({key, std::nullopt});
        continue;
      }
      auto disp = obj->find("disponible");
      cells.push_back({key + ".disponible", disp == obj->end() ? std::string() : cell_text(*disp)});
    }
    problem = set_stock(offer, w, cells, config);
    if (problem) return reject(offer.sku, problem->code, problem->detail);
  }
  return offer;
}

}  // namespace tecsync::air
