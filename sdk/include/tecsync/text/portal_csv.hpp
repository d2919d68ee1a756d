#pragma once
/// @file
/// Air's intranet "Listas (CSV)" export (fixtures/air/README.md §2): every field
/// is double-quoted, but a quote *inside* a field is not doubled
/// (`"MONITOR 24" FHD"`), so an RFC 4180 reader merges records. This reader
/// splits such lines tolerantly; push text in any split, get one `CsvRecord`
/// per physical line.
///
/// The rule (case 032): a record is one physical line (LF, CRLF or a lone CR
/// ends it). A field that starts with `"` ends at the first `"` that is
/// followed by the separator or by the end of the line; every other `"` is
/// data, kept as is (`""` is *not* unescaped: the export never escapes). A
/// field that does not start with `"` ends at the next separator.
///
/// Limits (what the rule cannot recover, by design reported, never guessed):
///  * a value holding `"` immediately followed by the separator (`3/8",1M`)
///    is split there: the row gets one field too many → `BAD_ROW`;
///  * a value cannot span lines: a quoted field that does not close on its
///    line marks the record `malformed` (→ `BAD_ROW`), and the next line is
///    read as a record of its own;
///  * spaces between a closing quote and the separator are not allowed (the
///    quote then does not close the field).
/// Records that end the text without a line break have `no_line_end` set, so a
/// caller can tell a short final record cut by a transfer (case 013 b).
/// Never throws on bad data; holds at most one line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/text/csv.hpp"

namespace tecsync::text {

/// Splits one physical line (without its line break) by the tolerant rule
/// above. `malformed` is set when a quoted field does not close on the line.
inline CsvRecord split_portal_line(std::string_view line, char sep) {
  CsvRecord rec;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (true) {
    if (i < n && line[i] == '"') {
      std::size_t close = std::string_view::npos;
      for (std::size_t j = i + 1; j < n; ++j) {
        if (line[j] == '"' && (j + 1 == n || line[j + 1] == sep)) {
          close = j;
          break;
        }
      }
      if (close == std::string_view::npos) {  // no closing quote on this line
        rec.fields.emplace_back(line.substr(i + 1));
        rec.malformed = true;
        break;
      }
      rec.fields.emplace_back(line.substr(i + 1, close - i - 1));
      i = close + 1;
      if (i == n) break;
    } else {
      std::size_t end = line.find(sep, i);
      if (end == std::string_view::npos) {
        rec.fields.emplace_back(line.substr(i));
        break;
      }
      rec.fields.emplace_back(line.substr(i, end - i));
      i = end;
    }
    // line[i] is a separator: another field follows (maybe empty, at the end).
    ++i;
    if (i == n) {
      rec.fields.emplace_back();
      break;
    }
  }
  return rec;
}

/// Streaming reader of the portal dialect with the same interface as `CsvReader`.
class PortalCsvReader {
 public:
  /// `separator` 0 = sniff from the header line (as `CsvReader::sniff`).
  explicit PortalCsvReader(char separator = 0) : sep_(separator) {}

  /// Feeds UTF-8 text; calls `on_record(CsvRecord&&)` per line. A false
  /// return from the callback stops reading (push returns false from then on).
  template <class OnRecord>
  bool push(std::string_view text, OnRecord&& on_record) {
    if (stopped_) return false;
    for (char c : text) {
      if (after_cr_) {
        after_cr_ = false;
        if (c == '\n') continue;  // the LF of a CRLF
      }
      if (c == '\n' || c == '\r') {
        after_cr_ = c == '\r';
        if (!emit(false, on_record)) return false;
        continue;
      }
      line_buf_.push_back(c);
      has_text_ = true;
    }
    return true;
  }

  /// Ends the text: a last line without a line break is emitted with
  /// `no_line_end` set. Returns false if the callback stopped reading.
  template <class OnRecord>
  bool finish(OnRecord&& on_record) {
    if (stopped_) return false;
    if (has_text_) return emit(true, on_record);
    return true;
  }

  /// The separator in use (0 until the header line was seen).
  char separator() const noexcept { return sep_; }

 private:
  template <class OnRecord>
  bool emit(bool at_end, OnRecord& on_record) {
    if (sep_ == 0) sep_ = CsvReader::sniff(line_buf_);
    CsvRecord rec = split_portal_line(line_buf_, sep_);
    rec.line = line_++;
    rec.no_line_end = at_end;
    line_buf_.clear();
    has_text_ = false;
    if (!on_record(std::move(rec))) {
      stopped_ = true;
      return false;
    }
    return true;
  }

  char sep_;
  std::string line_buf_;
  std::uint64_t line_ = 1;
  bool has_text_ = false;
  bool after_cr_ = false;
  bool stopped_ = false;
};

}  // namespace tecsync::text
