#pragma once
/// @file
/// The records that flow through a pipeline: `Offer` (flash: price and stock),
/// `ProductContent` (deep: names, specs, images, dimensions) and the batch that
/// carries them plus the rows a source or transform rejected.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync {

/// What a pipeline run does: price + stock (`Offer`s), or content enrichment
/// (`ProductContent`s).
enum class Strategy { flash, deep };

/// Where a row came from, for error messages and `tecsync.reject`.
struct Origin {
  std::string resource;    ///< file path or URL (with page, e.g. `…?q=syp&page=3`)
  std::uint64_t line = 0;  ///< 1-based physical line (CSV, header = 1) or item index + 1 (JSON page)
};

/// On-hand quantity the supplier reports for one of its warehouses.
struct StockLevel {
  std::string warehouse;  ///< tecsync warehouse code from config (`S_CBA`, `S_BUE`), not the feed's column name
  Decimal quantity;       ///< units of the product's UoM, ≥ 0 (feed: Air `disponible`, sheet `CBA`/`BS AS`/`LUG`)
};

/// A note attached to a row: a reject (the row is dropped) or a warning (the row
/// is applied). `code` is from the result vocabulary (`BLANK_SKU`, `BAD_NUMBER`,
/// `STOCK_TEXT`, `NO_PRICE`, …); `detail` is free text for the admin.
struct RowIssue {
  Origin origin;
  std::string sku;  ///< as read (trimmed), possibly empty
  std::string code;
  std::string detail;
};

/// One supplier offer for one SKU, at flash speed.
struct Offer {
  /// Supplier SKU (Air `CODPROV` / `codigo`), the master key. Text, trimmed of
  /// leading/trailing space, TAB and NBSP; inner spaces and case kept. Matches
  /// Odoo `product.product.default_code` and `product.supplierinfo.product_code`.
  std::string sku;
  /// Unit cost before VAT in `currency`. Absent (nullopt) or ≤ 0 means "no price":
  /// the sink leaves `list_price` alone and still applies stock.
  std::optional<Decimal> cost;
  /// ISO 4217 code of `cost` (`USD`, `ARS`); Air `moneda` DOL→USD, PES→ARS.
  std::string currency;
  /// VAT rate in percent (Air `impuesto_iva.alicuota`, sheet `IVA`): 10.5 means 10.5 %.
  std::optional<Decimal> vat_percent;
  /// Stock per mapped warehouse; warehouses the config does not map are dropped by the source.
  std::vector<StockLevel> stock;
  /// Sales price in the Odoo company's currency, tax excluded, already rounded:
  /// what lands in `product.template.list_price`. Set by a pricing transform;
  /// nullopt means "leave the price alone".
  std::optional<Decimal> list_price;
  /// When the supplier observed this offer (sheet `FECHA`, else fetch time), UTC.
  std::chrono::sys_seconds observed_at{};
  /// Where the row came from.
  Origin origin;
  /// Warnings on this applied row (`STOCK_LOWER_BOUND`, `NO_PRICE`, …).
  std::vector<RowIssue> warnings;
};

/// One line of a product's technical sheet, as the supplier words it. Air: a
/// `Label: value` item of the characteristics CSV's `CARACTERISTICAS`, or one
/// `{nombre, valor}` of the API's `q=get_meta` `caracteristicas`.
struct Spec {
  std::string label;  ///< trimmed, not empty (`Memoria RAM`); becomes an Odoo `product.attribute` name
  std::string value;  ///< trimmed, not empty (`16 GB`); a `product.attribute.value` name
};

/// Outer dimensions of the product as shipped, in centimetres, each > 0.
struct DimensionsCm {
  Decimal length;
  Decimal width;
  Decimal height;
};

/// What a supplier says about one product beyond price and stock: the deep
/// strategy's record. Every field but `sku` may be empty / nullopt, meaning
/// "the supplier did not say": a sink leaves the Odoo field alone then, it never
/// blanks it.
struct ProductContent {
  /// Supplier SKU (Air `CODPROV` / `codigo`), trimmed as in `Offer::sku`; Odoo
  /// `default_code` and `product.supplierinfo.product_code`.
  std::string sku;
  /// Product name in the supplier's language (Air `DESCRIPCIÓN` / `descripcion`,
  /// Spanish); Odoo `product.template.name`. One line.
  std::string name;
  /// Manufacturer part number (Air `Part Number`, or `Nº Parte` / `PN` in the
  /// characteristics); Odoo custom field `x_tecsync_mpn`.
  std::string mpn;
  /// Brand (Air `MARCA` / `marca`); a `no_variant` attribute `Marca` in Odoo.
  std::string brand;
  /// Category path from the root, e.g. `{"Notebooks"}` from Air's `RUBRO`; the
  /// sink maps it to a `product.category` (by default under `Air / `).
  std::vector<std::string> category;
  /// Plain-text sales description (may hold line breaks); Odoo `description_sale`.
  std::string description;
  /// The technical sheet in the supplier's order; labels unique (the first wins).
  std::vector<Spec> specs;
  /// Absolute `http(s)://` image URLs in priority order (Air `IMG1…IMG6`, API
  /// `imagenes`): the first is the main image (`image_1920`), the rest extra images.
  std::vector<std::string> image_urls;
  /// Gross weight in kilograms (> 0); Odoo `weight` (kg in a default Odoo).
  std::optional<Decimal> weight_kg;
  /// Odoo `volume` is derived from it in m³ (cm³ / 1,000,000).
  std::optional<DimensionsCm> dimensions_cm;
  /// EAN/UPC as printed; Odoo `barcode` (unique in Odoo: a sink skips a clash).
  std::string barcode;
  /// The supplier's unit cost before VAT in `currency`, when the feed says it:
  /// `product.supplierinfo.price` of a product the sink creates or updates.
  std::optional<Decimal> cost;
  std::string currency;  ///< ISO 4217 of `cost` (`USD`, `ARS`)
  /// Where the record came from (characteristics CSV line, `get_meta` URL).
  Origin origin;
  /// Warnings on this applied record (`BAD_SPEC`, `IMAGE_URL_SKIPPED`, …).
  std::vector<RowIssue> warnings;
};

/// A bounded slice of a stream: the unit a source emits and a sink stages.
/// Its size (`offers` + `contents`) is bounded by the pipeline's batch size,
/// never by the catalog. A flash cycle carries `offers`; a deep cycle carries
/// `contents`, and may carry the same SKUs' `offers` too when the feed also
/// prices them (transforms then price those as in flash).
struct OfferBatch {
  std::vector<Offer> offers;
  std::vector<ProductContent> contents;  ///< deep strategy only; empty in flash
  std::vector<RowIssue> rejects;         ///< rows dropped with their reason; never block the others
  /// Warnings on rows that are not in `offers` but whose data still applies
  /// through another row, e.g. `DUPLICATE_IDENTICAL`: the repeat is dropped and
  /// its first copy (maybe in an earlier batch) lands.
  std::vector<RowIssue> warnings;
};

/// Facts about the whole stream, known once per cycle (e.g. after login), given
/// to transforms and to the sink before the first batch.
struct StreamFacts {
  /// Supplier's own exchange rate, company-currency units per one `fx_base` unit
  /// (Air login `cotiza`: ARS per USD, e.g. 1187.50).
  std::optional<Decimal> supplier_fx;
  std::string fx_base = "USD";   ///< currency `supplier_fx` converts from
  std::string fx_quote = "ARS";  ///< currency `supplier_fx` converts to
  /// The price list's own time stamp (sheet `FECHA`), UTC.
  std::optional<std::chrono::sys_seconds> list_time;
  /// Human-readable name of what was read (base URL, file path).
  std::string resource;
};

}  // namespace tecsync
