#pragma once
/// @file
/// A sheet delivered as JSON (case 029): an array of objects whose keys are the
/// sheet's header names, `[{"CODPROV": "000123", "COSTO": 21.5, "CBA": 4}, …]`.
///
/// The whole text is parsed strictly (RFC 8259: no leading zeros, trailing
/// commas, comments or junk) before any row is used, so a cut, polluted (PHP
/// notice) or invalid body yields an error with its byte offset and never a
/// partial or empty list. Values become cell texts: strings as they are,
/// integers in decimal, other numbers **as written** (`1.2e11` stays
/// `1.2e11`, flagged as a non-integer number so a key in that form is
/// `MANGLED_SKU`), `null` as an empty cell, booleans as `true`/`false`. An
/// element that is not an object, or a value that is an object/array, makes
/// that row `malformed` (→ `BAD_ROW`).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tecsync/text/csv.hpp"

namespace tecsync::air {

struct JsonRow {
  text::CsvRecord record;          ///< fields in `JsonRows::header` order; line = element number (1-based)
  std::vector<bool> float_number;  ///< per field: the value was a JSON number with `.`/`e`/`E`
  std::string malformed_why;       ///< set when `record.malformed`
};

struct JsonRows {
  std::vector<std::string> header;  ///< every key, in order of first appearance
  std::vector<JsonRow> rows;
};

struct JsonRowsError {
  std::size_t byte = 0;  ///< 0-based offset of the first error in the text
  std::uint64_t line = 1, column = 1;
  std::string what;  ///< the parser's words, or "a JSON object, not an array"
};

/// Parses `text` (UTF-8). Never throws on bad data.
std::variant<JsonRows, JsonRowsError> parse_json_rows(std::string_view text);

}  // namespace tecsync::air
