#pragma once
/// @file
/// The API form's deep records: one list item (`q=articulos`) into a
/// `ProductContent`, and one `q=get_meta&codiart=CODE` answer onto it.
///
/// List item (keys configurable, `item_key.*`): SKU and cost/currency by the
/// flash item rules (`parse_api_item`: a `BLANK_SKU` / `MANGLED_SKU` /
/// `BAD_ROW` there rejects the content; any other problem only drops the cost,
/// with that code as a warning); `descrip` → name; `part_number` → mpn;
/// `marca` → brand; `rubro` → category `{rubro}`.
///
/// Meta (assumed shape, fixtures/air/README.md §1; keys `meta_key.*`): a JSON
/// object, or an array holding one: `caracteristicas` — `[{nombre, valor}]`,
/// an object `{label: value}`, or a `Label: value | …` string; `imagenes` —
/// `[url…]` (or objects with `url`), or a `|`-separated string; `peso_kg` —
/// number or decimal string > 0; `dimensiones_cm` — `{largo, ancho, alto}`
/// (or `length/width/height`), `[l, w, h]` or `"l x w x h"`, each > 0;
/// `descripcion` → description (before the spec notes); `marca`,
/// `part_number` fill brand / mpn when the list left them empty; `categoria`
/// replaces the category path `{categoria}`; `ean` → barcode.
/// Warnings on the content (never a failed cycle): `META_UNAVAILABLE` (the
/// request failed, a non-200 status, an Air error object or an empty answer),
/// `BAD_META` (not a JSON object; or one field of the wrong shape — that field
/// is dropped, the rest kept), plus the spec/image warnings of deep_content.hpp.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <variant>

#include "config.hpp"
#include "tecsync/host.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

/// The content of one list item, or its reject.
std::variant<ProductContent, RowIssue> content_from_item(const nlohmann::json& item, const AirConfig& config,
                                                         const Origin& origin, std::optional<Decimal> cotiza);

/// Applies one finished `get_meta` request (`url` for messages) to `content`.
void apply_meta(ProductContent& content, const HttpResult& result, const std::string& url, const AirConfig& config);

/// Applies a parsed meta object (the part of `apply_meta` after the transport checks).
void apply_meta_json(ProductContent& content, const nlohmann::json& meta, const AirConfig& config);

}  // namespace tecsync::air
