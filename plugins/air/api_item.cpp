#include "api_item.hpp"

#include <nlohmann/json.hpp>

#include "row_rules.hpp"
#include "tecsync/text/sku.hpp"

namespace tecsync::air {
namespace {

using nlohmann::json;

// Air's API writes decimals with '.', so a string price is parsed with '.'
// declared unless the config says otherwise; a JSON number is exact as written.
char api_decimal_mark(const AirConfig& c) { return c.decimal_mark ? c.decimal_mark : '.'; }

JsonKind kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::boolean:
      return JsonKind::boolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return JsonKind::integer;
    case json::value_t::number_float:
      return JsonKind::floating;
    case json::value_t::string:
      return JsonKind::string;
    case json::value_t::object:
      return JsonKind::object;
    case json::value_t::array:
      return JsonKind::array;
    default:  // null; binary and discarded never come out of JSON text
      return JsonKind::null;
  }
}

// A DOM value as an ApiValue: strings as they are, null as empty, anything
// else in JSON's own form (dump).
void reduce(const json& v, ApiValue& out) {
  out.kind = kind_of(v);
  if (v.is_string())
    out.text = v.get_ref<const std::string&>();
  else if (v.is_null())
    out.text.clear();
  else
    out.text = v.dump();
}

void reduce_member(const json& obj, const char* name, ApiValue& out) {
  auto it = obj.find(name);
  if (it == obj.end())
    out.reset();
  else
    reduce(*it, out);
}

}  // namespace

const char* kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::null:
      return "null";
    case JsonKind::boolean:
      return "boolean";
    case JsonKind::integer:
    case JsonKind::floating:
      return "number";
    case JsonKind::string:
      return "string";
    case JsonKind::object:
      return "object";
    case JsonKind::array:
      return "array";
    case JsonKind::absent:
      break;
  }
  return "absent";
}

ApiItemShape::ApiItemShape(const AirConfig& config) : names_{"codigo", "moneda", "precio", "impuesto_iva"} {
  for (const auto& w : config.warehouses) {
    auto& slots = warehouse_slots_.emplace_back();
    for (const auto& key : w.keys) {
      int at = slot(key);
      if (at < 0) {
        at = static_cast<int>(names_.size());
        names_.push_back(key);
      }
      slots.push_back(static_cast<std::size_t>(at));
    }
  }
}

int ApiItemShape::slot(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<int>(i);
  return -1;
}

ItemResult offer_from_item(const ApiItem& item, const ApiItemShape& shape, const AirConfig& config,
                           const Origin& origin, std::chrono::sys_seconds observed_at, std::optional<Decimal> cotiza) {
  auto reject = [&](std::string sku, std::string code, std::string detail) -> ItemResult {
    return RowIssue{origin, std::move(sku), std::move(code), std::move(detail)};
  };
  if (item.kind != JsonKind::object)
    return reject("", "BAD_ROW", "item is a JSON " + std::string(kind_name(item.kind)) + ", not an object");

  Offer offer;
  offer.origin = origin;
  offer.observed_at = observed_at;

  const ApiValue& code = item.fields[ApiItemShape::kCodigo].value;
  if (code.kind == JsonKind::absent || code.kind == JsonKind::null) return reject("", "BLANK_SKU", "no 'codigo'");
  if (code.kind == JsonKind::floating)
    return reject(code.text, "MANGLED_SKU", "'codigo' is the JSON number " + code.text + "; digits may be lost");
  if (code.kind != JsonKind::string && code.kind != JsonKind::integer)
    return reject("", "BAD_ROW", "'codigo' is a JSON " + std::string(kind_name(code.kind)));
  text::SkuResult sku = text::check_sku(code.text);
  if (sku.code != text::SkuCode::ok)
    return reject(sku.sku, text::to_string(sku.code),
                  sku.code == text::SkuCode::blank ? "'codigo' is blank"
                                                   : "'codigo' '" + sku.sku + "' looks mangled by a spreadsheet");
  offer.sku = std::move(sku.sku);

  // The currency first: the cost's range check depends on it.
  const ApiValue& moneda = item.fields[ApiItemShape::kMoneda].value;
  std::string_view m = moneda.kind == JsonKind::string ? std::string_view(moneda.text) : std::string_view();
  if (m == "DOL" || m == "USD")
    offer.currency = "USD";
  else if (m == "PES" || m == "ARS")
    offer.currency = "ARS";
  std::optional<Decimal> limit = cost_limit(config, offer.currency, cotiza);

  std::optional<Problem> problem;
  const ApiValue& price = item.fields[ApiItemShape::kPrecio].value;
  switch (price.kind) {
    case JsonKind::absent:
    case JsonKind::null:
      warn(offer, "NO_PRICE", "no 'precio'; price left alone");
      break;
    case JsonKind::integer:
    case JsonKind::floating:
      problem = set_cost_exact(offer, price.text, limit);
      break;
    case JsonKind::string:
      problem = set_cost(offer, price.text, limit, api_decimal_mark(config));
      break;
    default:
      problem = Problem{"BAD_NUMBER", "'precio' is a JSON " + std::string(kind_name(price.kind))};
  }
  if (problem) return reject(offer.sku, problem->code, problem->detail);
  if (offer.cost && offer.currency.empty())  // a cost in an unknown currency is never guessed
    return reject(offer.sku, "UNKNOWN_CURRENCY",
                  "'moneda' " + (moneda.kind == JsonKind::absent ? std::string("missing") : "'" + moneda.text + "'") +
                      " is not DOL or PES");

  const ApiField& iva = item.fields[ApiItemShape::kIva];
  if (iva.value.kind == JsonKind::object && iva.alicuota.kind != JsonKind::absent &&
      iva.alicuota.kind != JsonKind::null) {
    problem = set_vat(offer, iva.alicuota.text, config, '.');
    if (problem) return reject(offer.sku, problem->code, problem->detail);
  }

  offer.stock.reserve(config.warehouses.size());
  std::vector<StockCell> cells;
  for (std::size_t w = 0; w < config.warehouses.size(); ++w) {
    const auto& spec = config.warehouses[w];
    cells.clear();
    for (std::size_t k = 0; k < spec.keys.size(); ++k) {
      const std::string& key = spec.keys[k];
      const ApiField& f = item.fields[shape.warehouse_slot(w, k)];
      if (f.value.kind != JsonKind::object) {
        cells.push_back({key, std::nullopt});
        continue;
      }
      cells.push_back({key + ".disponible", f.disponible.text});  // absent or null: ""
    }
    problem = set_stock(offer, spec, cells, config);
    if (problem) return reject(offer.sku, problem->code, problem->detail);
  }
  return offer;
}

ItemResult parse_api_item(const json& item, const AirConfig& config, const Origin& origin,
                          std::chrono::sys_seconds observed_at, std::optional<Decimal> cotiza) {
  ApiItemShape shape(config);
  ApiItem reduced;
  reduced.reset(shape);
  reduced.kind = kind_of(item);
  if (item.is_object()) {
    for (std::size_t i = 0; i < shape.names().size(); ++i) {
      auto it = item.find(shape.names()[i]);
      if (it == item.end()) continue;
      ApiField& f = reduced.fields[i];
      reduce(*it, f.value);
      if (it->is_object()) {
        reduce_member(*it, "disponible", f.disponible);
        reduce_member(*it, "alicuota", f.alicuota);
      }
    }
  }
  return offer_from_item(reduced, shape, config, origin, observed_at, cotiza);
}

}  // namespace tecsync::air
