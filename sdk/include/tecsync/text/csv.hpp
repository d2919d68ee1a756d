#pragma once
/// @file
/// A streaming CSV reader: push UTF-8 text in any split, get whole records with
/// the physical line they started on.
///
/// Dialect (RFC 4180 plus what supplier sheets do):
///  * separator `,`, `;` or TAB, sniffed from the first line (the header): the
///    one that occurs most often outside quotes wins, `,` on a tie; or set it;
///  * a field may be quoted with `"`; inside, `""` is one quote and separators
///    and line breaks are data; a line break inside quotes is kept as LF
///    (CRLF becomes LF) so values do not depend on the file's line ends;
///  * records end at LF, CRLF or a lone CR;
///  * a quote inside an unquoted field, or text after a closing quote, is
///    kept as data and marks the record `malformed` (report it as `BAD_ROW`);
///  * the last record of a body without a final line break has `no_line_end`
///    (a short one means the transfer was cut, case 013 b).
///
/// Lines are physical and 1-based (header = 1); a record spanning several
/// lines reports its first one (cases/README rule 6). The reader never throws
/// on bad data and holds at most one record of its own.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/text/trim.hpp"

namespace tecsync::text {

/// One CSV record.
struct CsvRecord {
  std::vector<std::string> fields;  ///< cell texts, unquoted, not trimmed
  std::uint64_t line = 0;           ///< physical 1-based line where the record starts
  bool malformed = false;           ///< stray quote: content kept, but the row is suspect
  bool unterminated = false;        ///< the body ended inside a quoted field (truncation?)
  bool no_line_end = false;         ///< the body ended right after this record, with no line break

  /// True when every field is empty after trimming: a blank line such as
  /// `` , `,,,,` or `   `, which is not a data row.
  bool is_blank() const noexcept {
    for (const auto& f : fields)
      if (!trim(f).empty()) return false;
    return true;
  }
};

class CsvReader {
 public:
  /// `separator` 0 = sniff from the header line; else `,` or `;` (or any byte).
  explicit CsvReader(char separator = 0) : sep_(separator) {}

  /// Feeds UTF-8 text; calls `on_record(CsvRecord&&)` for each completed
  /// record, in order. If the callback returns false, reading stops: `push`
  /// returns false and later calls do nothing.
  template <class OnRecord>
  bool push(std::string_view text, OnRecord&& on_record) {
    if (stopped_) return false;
    if (sep_ == 0) {
      // Hold text until the header line is complete, then sniff.
      sniff_buf_.append(text);
      std::size_t nl = sniff_buf_.find_first_of("\r\n");
      if (nl == std::string::npos) return true;
      sep_ = sniff(std::string_view(sniff_buf_).substr(0, nl));
      std::string held = std::move(sniff_buf_);
      sniff_buf_.clear();
      return consume(held, on_record);
    }
    return consume(text, on_record);
  }

  /// Ends the text: emits the last record if the text did not end with a line
  /// break. Returns false if the callback stopped reading.
  template <class OnRecord>
  bool finish(OnRecord&& on_record) {
    if (stopped_) return false;
    if (sep_ == 0) {
      sep_ = sniff(sniff_buf_);
      std::string held = std::move(sniff_buf_);
      sniff_buf_.clear();
      if (!consume(held, on_record)) return false;
    }
    if (state_ == State::quoted || state_ == State::quote_in_quoted) {
      if (state_ == State::quoted) rec_.unterminated = true;
      rec_.no_line_end = true;
      end_field();
      return end_record(on_record);
    }
    if (in_record_) {
      rec_.no_line_end = true;
      end_field();
      return end_record(on_record);
    }
    return true;
  }

  /// The separator in use (0 until the header line was seen).
  char separator() const noexcept { return sep_; }

  /// The sniffing rule alone: of `,`, `;` and TAB (Excel's "Unicode text"
  /// export), the one that occurs most often outside quotes in `header_line`;
  /// `,` on a tie or when none occurs.
  static char sniff(std::string_view header_line) noexcept {
    std::size_t commas = 0, semis = 0, tabs = 0;
    bool q = false;
    for (char c : header_line) {
      if (c == '"') q = !q;
      if (q) continue;
      if (c == ',') ++commas;
      if (c == ';') ++semis;
      if (c == '\t') ++tabs;
    }
    if (tabs > commas && tabs > semis) return '\t';
    return semis > commas ? ';' : ',';
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };

  template <class OnRecord>
  bool consume(std::string_view text, OnRecord& on_record) {
    for (char c : text) {
      if (after_cr_) {
        after_cr_ = false;
        if (c == '\n') continue;  // the LF of a CRLF already counted
      }
      if (!in_record_) {
        in_record_ = true;
        rec_.line = line_;
      }
      switch (state_) {
        case State::field_start:
          if (c == '"') {
            state_ = State::quoted;
            break;
          }
          state_ = State::unquoted;
          [[fallthrough]];
        case State::unquoted:
          if (c == sep_) {
            end_field();
            state_ = State::field_start;
          } else if (c == '\n' || c == '\r') {
            new_line(c);
            end_field();
            if (!end_record(on_record)) return false;
          } else {
            if (c == '"') rec_.malformed = true;
            field_.push_back(c);
          }
          break;
        case State::quoted:
          if (c == '"') {
            state_ = State::quote_in_quoted;
          } else if (c == '\r' || c == '\n') {
            new_line(c);
            field_.push_back('\n');
          } else {
            field_.push_back(c);
          }
          break;
        case State::quote_in_quoted:
          if (c == '"') {  // `""` is one quote
            field_.push_back('"');
            state_ = State::quoted;
          } else if (c == sep_) {
            end_field();
            state_ = State::field_start;
          } else if (c == '\n' || c == '\r') {
            new_line(c);
            end_field();
            if (!end_record(on_record)) return false;
          } else {
            // `"abc"x`: keep the quote as data and stay inside the field.
            rec_.malformed = true;
            field_.push_back('"');
            field_.push_back(c);
            state_ = State::quoted;
          }
          break;
      }
    }
    return true;
  }

  void new_line(char c) {
    ++line_;
    after_cr_ = c == '\r';
  }

  void end_field() {
    rec_.fields.push_back(std::move(field_));
    field_.clear();
  }

  template <class OnRecord>
  bool end_record(OnRecord& on_record) {
    state_ = State::field_start;
    in_record_ = false;
    CsvRecord done = std::move(rec_);
    rec_ = CsvRecord{};
    if (!on_record(std::move(done))) {
      stopped_ = true;
      return false;
    }
    return true;
  }

  char sep_;
  std::string sniff_buf_;
  State state_ = State::field_start;
  CsvRecord rec_;
  std::string field_;
  std::uint64_t line_ = 1;
  bool in_record_ = false;
  bool after_cr_ = false;
  bool stopped_ = false;
};

}  // namespace tecsync::text
