#pragma once
/// @file
/// One item of an Air API v2 page (`q=syp` or `q=articulos`) into an `Offer`.
///
/// Item shape (fixtures/air/README.md §1): `codigo` (SKU), `precio` (string or
/// number), `moneda` (`DOL` = USD, `PES` = ARS), `impuesto_iva.alicuota`
/// (percent), and one object per warehouse (`cba`, `lug`, …) whose
/// `disponible` is the sellable stock.
///
/// The rules read only those fields, so an item is first reduced to an
/// `ApiItem` (the JSON kind and text of each field the config names), either
/// from a DOM (`parse_api_item`, the deep reader) or from SAX events (the
/// flash page reader, api_reader.cpp), and `offer_from_item` turns that into
/// the offer or the reject. Both routes give the same result for the same item.

#include <chrono>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

/// Either the offer (possibly with warnings) or the reject.
using ItemResult = std::variant<Offer, RowIssue>;

/// A JSON value's type as the rules see it (`absent` = the key is missing).
enum class JsonKind : std::uint8_t { absent, null, boolean, integer, floating, string, object, array };

/// nlohmann's `type_name()` of that kind ("number" for both number kinds).
const char* kind_name(JsonKind kind);

/// One field: its kind and, for a scalar, the text a feed cell would hold:
/// a string as it is, a number as nlohmann's `dump()` writes it, `true` /
/// `false`, null as empty. For an object or array the text is its `dump()`
/// when a rule quotes it (DOM route only; the SAX route never needs it).
struct ApiValue {
  JsonKind kind = JsonKind::absent;
  std::string text;
  void reset() {
    kind = JsonKind::absent;
    text.clear();
  }
};

/// A top-level field of an item. When it is an object, `disponible` and
/// `alicuota` are its members of those names (the only ones the rules read).
struct ApiField {
  ApiValue value;
  ApiValue disponible, alicuota;
  void reset() {
    value.reset();
    disponible.reset();
    alicuota.reset();
  }
};

/// The top-level names the rules read for a config: `codigo`, `moneda`,
/// `precio`, `impuesto_iva`, then each warehouse key not already listed.
/// Built once per page; `slot` maps a name to its index in `ApiItem::fields`.
class ApiItemShape {
 public:
  static constexpr std::size_t kCodigo = 0, kMoneda = 1, kPrecio = 2, kIva = 3;

  explicit ApiItemShape(const AirConfig& config);
  const std::vector<std::string>& names() const { return names_; }
  /// Index of `name` in `names()`, or -1 when the rules do not read it.
  int slot(std::string_view name) const;
  /// Field index of `config.warehouses[w].keys[k]`.
  std::size_t warehouse_slot(std::size_t w, std::size_t k) const { return warehouse_slots_[w][k]; }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<std::size_t>> warehouse_slots_;
};

/// What the rules read of one item. Reused from item to item (call `reset`).
struct ApiItem {
  JsonKind kind = JsonKind::absent;  ///< the item itself: an object, or what it is instead
  std::vector<ApiField> fields;      ///< one per `ApiItemShape::names()`
  void reset(const ApiItemShape& shape) {
    kind = JsonKind::absent;
    fields.resize(shape.names().size());
    for (auto& f : fields) f.reset();
  }
};

/// The item rules on a reduced item found at `origin`. `cotiza` (ARS per USD,
/// from login) range-checks ARS costs against `max_cost`, which is in USD.
/// Never throws on bad data.
ItemResult offer_from_item(const ApiItem& item, const ApiItemShape& shape, const AirConfig& config,
                           const Origin& origin, std::chrono::sys_seconds observed_at,
                           std::optional<Decimal> cotiza = std::nullopt);

/// Converts the DOM `item` found at `origin` (reduce, then `offer_from_item`).
/// Never throws on bad data.
ItemResult parse_api_item(const nlohmann::json& item, const AirConfig& config, const Origin& origin,
                          std::chrono::sys_seconds observed_at, std::optional<Decimal> cotiza = std::nullopt);

}  // namespace tecsync::air
