#pragma once
/// @file
/// A delimited feed from bytes to offers, one chunk at a time: decoding
/// (`encoding`), an HTML page refused, records (`separator`), the header found
/// at `header_row` and every mapped column resolved by name (trimmed, case- and
/// accent-folded) or `#N`, then rows through `row_rules`.
///
/// Failures: `FeedFormatError` (an HTML page; a quote left open to the end of
/// the body), `FeedSchemaError` (a mapped column not in the header, naming the
/// key, the column and the file), `FeedTransportError.Incomplete` (the last
/// record is short and has no line end: a cut transfer), `FeedEmpty` (no bytes,
/// no header, or no data row). Row rejects: `BAD_ROW` (field count, stray
/// quote) and those of `build_offer`. Feed warning: `Mixed Encoding` (pulse).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "feed_config.hpp"
#include "feed_stream.hpp"
#include "row_rules.hpp"
#include "tecsync/host.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"

namespace tecsync::feeds {

class CsvParser {
 public:
  CsvParser(const CsvConfig& config, const HostServices& host, std::string resource, FeedStream& out,
            std::chrono::sys_seconds fetched_at);
  /// Raw bytes in any split. Non-ok = stop and return it.
  Status push(std::string_view bytes);
  /// Ends the body: last record, truncation and emptiness checks.
  Status finish();

  /// `check`: the first bytes of a body, decoded and parsed as far as they go
  /// (no end-of-body checks).
  Status push_head(std::string_view bytes);
  /// Whether the header record was read and its columns resolved.
  bool saw_header() const { return have_header_ && status_.is_ok(); }

 private:
  Status resolve(const std::vector<std::string>& header);
  Status flush_decoder();
  void feed_text(std::string_view text);
  bool on_record(text::CsvRecord&& rec);
  Status row(const text::CsvRecord& rec);
  std::optional<Cell> cell(const text::CsvRecord& rec, const std::optional<std::size_t>& col) const;

  const CsvConfig& c_;
  const HostServices& host_;
  std::string resource_;
  FeedStream& out_;
  std::chrono::sys_seconds fetched_at_;
  text::FeedDecoder decoder_;
  text::CsvReader csv_;
  std::string decoded_;
  std::string lead_;  ///< the first visible characters, until HTML is ruled out
  bool sniffed_ = false;
  Status status_;
  std::uint64_t bytes_ = 0, records_ = 0, data_rows_ = 0;
  std::size_t skip_left_;
  std::size_t width_ = 0;  ///< fields per record (the header's, or the first data row's)
  bool have_header_ = false;
  std::optional<std::size_t> sku_, cost_, currency_, vat_, observed_;
  std::vector<std::optional<std::size_t>> stock_;
};

}  // namespace tecsync::feeds
