// Every key of an `[source.<name>]` section of the air plugin (flash and deep),
// for the host's validation and `tecsync plugins --describe air`. Defaults are
// the ones config.cpp applies; README.md explains each key at length.
#include "source.hpp"

namespace tecsync::air {
namespace {

using K = KeyType;

constexpr ConfigKey kKeys[] = {
    {"form", K::choice, "api", "feed shape: JSON API v2, reseller sheet, or intranet portal export",
     "api|sheet|portal"},
    {"url", K::string, nullptr, "api: base URL; sheet/portal: an http(s) URL or a file path"},
    {"user", K::string, "", "api: login user (required for form = api)"},
    {"password", K::secret, "", "api: login password (required for form = api); use ${ENV}"},
    {"query", K::choice, "syp", "api: the page set the flash read walks", "syp|articulos"},
    {"warehouse.*", K::string, "",
     "tecsync warehouse code (after the dot) = Air warehouse key or sheet column(s), `|`-separated, first > 0 wins"},
    {"currency", K::string, "USD", "sheet/portal: ISO code of the cost column"},
    {"decimal_mark", K::string, "auto", "declared decimal mark for ambiguous money cells: . , or auto"},
    {"separator", K::string, "auto", "sheet/portal/characteristics separator: , ; | tab or auto"},
    {"price_column", K::string, "", "portal only: the account's listaN price column"},
    {"max_cost", K::decimal, "1000000", "largest cost in USD (OUT_OF_RANGE above)"},
    {"max_quantity", K::decimal, "1000000", "largest quantity per warehouse (OUT_OF_RANGE above)"},
    {"vat_rates", K::string, "0,2.5,5,10.5,21,27", "allowed VAT percents (comma list) or any"},
    {"max_pages", K::integer, "10000", "api: most pages read before FeedFormatError"},
    {"max_page_bytes", K::integer, "33554432", "api: largest page body; sheet: largest JSON-rows body (bytes)"},
    {"utc_offset_minutes", K::integer, "-180", "sheet: zone of FECHA in minutes from UTC"},
    // ---- deep strategy ----
    {"characteristics_url", K::string, "",
     "deep, form = sheet: the characteristics CSV (CODPROV, DESCRIPCIÓN, CARACTERISTICAS, IMG1…IMG6), URL or path"},
    {"deep_query", K::choice, "articulos", "deep, form = api: the item list walked for names, brands, rubros",
     "articulos|syp"},
    {"max_parallel", K::integer, "8", "deep, form = api: get_meta requests in flight (1..256)"},
    {"meta_min_interval", K::seconds, "0", "deep, form = api: seconds between two get_meta starts (0 = no pacing)"},
    {"meta_retry_statuses", K::string, "403",
     "deep, form = api: HTTP statuses retried with backoff (comma list, or none)"},
    {"meta_backoff", K::seconds, "0", "deep, form = api: first retry backoff in seconds (0 = the host's http_backoff)"},
    {"meta_max_bytes", K::integer, "1048576", "deep, form = api: largest get_meta body (bytes)"},
    {"meta_method", K::choice, "POST", "deep, form = api: get_meta as POST (bearer, body {}) or GET", "POST|GET"},
    {"item_key.name", K::string, "descrip", "deep, form = api: list item key of the product name"},
    {"item_key.mpn", K::string, "part_number", "deep, form = api: list item key of the part number"},
    {"item_key.brand", K::string, "marca", "deep, form = api: list item key of the brand name"},
    {"item_key.category", K::string, "rubro", "deep, form = api: list item key of the category (RUBRO)"},
    {"meta_key.specs", K::string, "caracteristicas", "deep, form = api: meta key of the spec list"},
    {"meta_key.spec_label", K::string, "nombre", "deep, form = api: a spec's label key"},
    {"meta_key.spec_value", K::string, "valor", "deep, form = api: a spec's value key"},
    {"meta_key.images", K::string, "imagenes", "deep, form = api: meta key of the image URL list"},
    {"meta_key.weight", K::string, "peso_kg", "deep, form = api: meta key of the weight in kg"},
    {"meta_key.dimensions", K::string, "dimensiones_cm", "deep, form = api: meta key of {largo, ancho, alto} in cm"},
    {"meta_key.description", K::string, "descripcion", "deep, form = api: meta key of the sales description"},
    {"meta_key.brand", K::string, "marca", "deep, form = api: meta key of the brand (when the list has none)"},
    {"meta_key.category", K::string, "categoria", "deep, form = api: meta key of the category name (replaces rubro)"},
    {"meta_key.mpn", K::string, "part_number",
     "deep, form = api: meta key of the part number (when the list has none)"},
    {"meta_key.barcode", K::string, "ean", "deep, form = api: meta key of the EAN/UPC barcode"},
};

}  // namespace

std::span<const ConfigKey> AirSource::config_keys() { return kKeys; }

}  // namespace tecsync::air
