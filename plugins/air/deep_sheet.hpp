#pragma once
/// @file
/// The deep read of the sheet form: the characteristics CSV at
/// `characteristics_url` (fixtures/air/README.md §3, case 011) into
/// `ProductContent`s.
///
/// Bytes: encoding sniffed (strict UTF-8, BOM dropped, else Windows-1252),
/// separator sniffed (`,` `;` TAB) or `separator`, RFC 4180 quoting with line
/// breaks, separators and `""` inside quoted fields (the SDK's CsvReader).
/// Columns, matched trimmed and case/accent-folded: `CODPROV` (required);
/// `DESCRIPCIÓN` → `name`; `CARACTERISTICAS` → specs, `mpn`, description
/// notes (deep_content.hpp); `IMG1…IMGn` → images in column-number order; and,
/// when the file has them, `Part Number` → `mpn` (before the one in the text),
/// `MARCA` → `brand`, `RUBRO` → `category = {RUBRO}`. One of DESCRIPCIÓN,
/// CARACTERISTICAS or an IMG column must exist.
///
/// Rejects (file + first physical line): `BLANK_SKU`, `MANGLED_SKU`, `BAD_ROW`
/// (field count ≠ header's, broken quoting). Failures: `FeedSchemaError` (no
/// CODPROV / no content column), `FeedFormatError` (an HTML page, a quote that
/// runs to the end), `FeedTransportError.Incomplete` (the last record cut),
/// `FeedEmpty` (no header or no data row), and the transport's own.
/// Feed warnings (pulse, once): `UNKNOWN_COLUMN`, `MIXED_ENCODING`.

#include <string>

#include "config.hpp"
#include "deep_content.hpp"
#include "tecsync/host.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"

namespace tecsync::air {

/// Reads the whole characteristics CSV into `out`. Does not call `out.finish()`.
Status read_characteristics(const AirConfig& config, const HostServices& host, ContentStream& out);

/// Bytes → contents, one chunk at a time (what `read_characteristics` drives;
/// the tests and case 011 drive it directly).
class CharacteristicsParser {
 public:
  CharacteristicsParser(const AirConfig& config, const HostServices& host, std::string resource, ContentStream& out);
  Status push(std::string_view bytes);
  Status finish();

 private:
  bool check_start();
  bool on_record(text::CsvRecord&& rec);
  Status resolve_header(const text::CsvRecord& rec);
  Status row(const text::CsvRecord& rec);

  const HostServices& host_;
  std::string resource_;
  ContentStream& out_;
  text::FeedDecoder decoder_;
  text::CsvReader csv_;
  std::string decoded_;
  Status status_;
  bool started_ = false;
  bool have_header_ = false;
  std::size_t width_ = 0;
  std::size_t sku_col_ = 0;
  std::optional<std::size_t> name_col_, text_col_, mpn_col_, brand_col_, category_col_;
  std::vector<std::size_t> image_cols_;
  std::uint64_t records_ = 0;
};

}  // namespace tecsync::air
