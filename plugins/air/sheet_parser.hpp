#pragma once
/// @file
/// The reseller sheet (fixtures/air/README.md §3) and the intranet portal
/// export (§2) from bytes to offers, one chunk at a time: encoding sniffing,
/// body sniffing (CSV, JSON rows, or an HTML page), records, header
/// resolution, rows.
///
/// Sheet columns (matched trimmed, case- and accent-folded): `CODPROV` (SKU);
/// `COSTO+` if present, else `COSTO` (cost in config `currency`); `IVA`; one
/// stock source per configured warehouse (default `S_CBA` = `CBA|S_CBA`,
/// `S_BUE` = `BS AS|LUG|S_BUE`, first value > 0 wins); `FECHA` (day-first,
/// Argentina time) → `StreamFacts.list_time` and each offer's `observed_at`.
/// A sheet body starting with `[` is read as JSON rows (`json_rows.hpp`).
///
/// Portal columns: `Codigo` (SKU); the price column `price_column` (a
/// `listaN`), or — unset — the only `listaN` column, or else the only `listaN`
/// column holding a non-zero price anywhere in the file (the records are then
/// held until the end to decide; none or several → `FeedSchemaError`); `IVA`;
/// warehouses default `S_CBA` = `CBA`, `S_BUE` = `LUG`. Records are lines split
/// by the tolerant rule of `tecsync/text/portal_csv.hpp`.
///
/// Failures: `FeedSchemaError` (area feed: no SKU, cost or stock column,
/// naming the resource and what was found), `FeedFormatError` (area feed: an
/// HTML page, invalid JSON with its byte offset, or a stray quote whose field
/// runs over line breaks to the end), `FeedTransportError.Incomplete` (area
/// api: the last record is short, or cut inside a quoted field opened on the
/// last line, and has no line end — a cut close-delimited transfer, case 013 b),
/// `FeedEmpty` (area feed: 0 bytes, no header, `[]`, or no data row). Row
/// rejects: `BLANK_SKU`, `MANGLED_SKU`, `BAD_ROW` (field count or quoting),
/// `BAD_NUMBER`, `AMBIGUOUS_NUMBER`, `OUT_OF_RANGE`. Row warnings: `NO_PRICE`,
/// `STOCK_LOWER_BOUND`, `STOCK_TEXT`, `NEGATIVE_STOCK`, `BAD_DATE`. Feed
/// warnings (pulse + log, once): `UNKNOWN_COLUMN`, `MIXED_ENCODING`.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "offer_stream.hpp"
#include "row_rules.hpp"
#include "tecsync/host.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"
#include "tecsync/text/portal_csv.hpp"

namespace tecsync::air {

class SheetParser {
 public:
  /// `resource` names the file or URL in messages and origins; `fetched_at`
  /// is the observed-at time of rows without a readable FECHA.
  SheetParser(const AirConfig& config, const HostServices& host, std::string resource, OfferStream& out,
              std::chrono::sys_seconds fetched_at);

  /// Feeds raw bytes. A non-ok status means stop (and return that status).
  Status push(std::string_view bytes);
  /// Ends the body: last record, empty-feed and truncation checks, feed warnings.
  Status finish();

 private:
  enum class Body { unknown, csv, portal, json };
  struct Column {
    std::string name;
    std::optional<std::size_t> index;
  };
  void feed_text(std::string_view text, bool at_end);
  bool on_record(const text::CsvRecordView& rec);
  Status resolve_header(const text::CsvRecord& rec);
  Status resolve_cost(const text::CsvRecord& rec, const std::string& found);
  Status decide_price_column();
  Status row(const text::CsvRecordView& rec);
  std::optional<std::chrono::sys_seconds> parse_date(std::string_view cell);
  Status finish_json();
  char decimal_mark() const;

  const AirConfig& c_;
  const HostServices& host_;
  std::string resource_;
  OfferStream& out_;
  std::chrono::sys_seconds fetched_at_;
  text::FeedDecoder decoder_;
  text::CsvReader csv_;
  text::PortalCsvReader portal_;
  Body body_ = Body::unknown;
  std::string held_;  ///< leading whitespace before the body kind is known, or the whole JSON text
  std::string decoded_;
  Status status_;
  bool have_header_ = false;
  bool unterminated_ = false;
  std::uint64_t unterminated_line_ = 0;
  std::size_t header_width_ = 0;
  std::size_t sku_col_ = 0;
  std::optional<std::size_t> cost_col_;
  std::string cost_name_;
  std::vector<std::size_t> list_cols_;         ///< portal: candidate `listaN` columns while undecided
  std::vector<std::string> header_;            ///< header names (for messages)
  std::vector<text::CsvRecord> held_records_;  ///< portal rows held until the price column is known
  std::size_t held_bytes_ = 0;
  bool sku_is_json_float_ = false;  ///< the current JSON row's key was a non-integer number
  std::optional<std::size_t> vat_col_, date_col_;
  std::vector<std::vector<Column>> stock_cols_;      ///< per configured warehouse, in priority order
  std::vector<std::vector<StockCell>> stock_cells_;  ///< the same, reused for each row's cell texts
  std::vector<std::string_view> views_;              ///< field views of a record read as a `CsvRecord`
  std::optional<Decimal> cost_limit_;                ///< `cost_limit` of the config's currency
  std::string last_date_cell_;                       ///< the last FECHA text parsed, and its result
  std::optional<std::chrono::sys_seconds> last_date_;
  bool have_last_date_ = false;
  std::uint64_t records_ = 0;
};

}  // namespace tecsync::air
