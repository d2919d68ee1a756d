#pragma once
/// @file
/// The reseller sheet (fixtures/air/README.md §3) from bytes to offers, one
/// chunk at a time: encoding sniffing, CSV records, header resolution, rows.
///
/// Columns (matched trimmed, case- and accent-folded): `CODPROV` (SKU);
/// `COSTO+` if present, else `COSTO` (cost in config `currency`); `IVA`;
/// one stock source per configured warehouse (default `S_CBA` = `CBA|S_CBA`,
/// `S_BUE` = `BS AS|LUG|S_BUE`, first value > 0 wins); `FECHA` (day-first,
/// Argentina time) → `StreamFacts.list_time` and each offer's `observed_at`.
///
/// Failures (area `feed`): `FeedSchemaError` (no SKU, cost or stock column,
/// naming the resource and what was found), `FeedFormatError` (an HTML page, or
/// the body ended inside a quoted field), `FeedEmpty` (0 bytes, no header, or
/// no data row). Row rejects: `BLANK_SKU`, `MANGLED_SKU`, `BAD_ROW` (field
/// count or stray quote), `BAD_NUMBER`, `AMBIGUOUS_NUMBER`, `OUT_OF_RANGE`.
/// Row warnings: `NO_PRICE`, `STOCK_LOWER_BOUND`, `STOCK_TEXT`,
/// `NEGATIVE_STOCK`, `BAD_DATE`. Feed warnings (pulse + log, once):
/// `UNKNOWN_COLUMN`, `MIXED_ENCODING`.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "offer_stream.hpp"
#include "tecsync/host.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"

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
  struct Column {
    std::string name;
    std::optional<std::size_t> index;
  };
  bool on_record(text::CsvRecord&& rec);
  Status resolve_header(const text::CsvRecord& rec);
  Status row(const text::CsvRecord& rec);
  Status check_status();

  const AirConfig& c_;
  const HostServices& host_;
  std::string resource_;
  OfferStream& out_;
  std::chrono::sys_seconds fetched_at_;
  text::FeedDecoder decoder_;
  text::CsvReader csv_;
  std::string decoded_;
  Status status_;
  bool have_header_ = false;
  bool unterminated_ = false;
  std::uint64_t unterminated_line_ = 0;
  std::size_t header_width_ = 0;
  std::size_t sku_col_ = 0;
  std::size_t cost_col_ = 0;
  std::string cost_name_;
  std::optional<std::size_t> vat_col_, date_col_;
  std::vector<std::vector<Column>> stock_cols_;  ///< per configured warehouse, in priority order
  std::uint64_t records_ = 0;
};

}  // namespace tecsync::air
