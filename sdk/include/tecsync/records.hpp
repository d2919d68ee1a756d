#pragma once
/// @file
/// The records that flow through a pipeline: `Offer` (flash) and the batch that
/// carries offers plus the rows a source or transform rejected.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync {

/// What a pipeline run does: price + stock, or content enrichment.
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

/// A bounded slice of a stream: the unit a source emits and a sink stages.
/// Its size is bounded by the pipeline's batch size, never by the catalog.
struct OfferBatch {
  std::vector<Offer> offers;
  std::vector<RowIssue> rejects;  ///< rows dropped with their reason; never block the others
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
