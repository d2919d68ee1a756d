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
/// Two ways to receive records: `push`/`finish` hand each one over as an owned
/// `CsvRecord` (simple; the callback may keep it), `push_views`/`finish_views`
/// as a `CsvRecordView` whose fields point into the reader's buffer (no copy
/// per field; valid only during the callback). Both give the same records.
///
/// Lines are physical and 1-based (header = 1); a record spanning several
/// lines reports its first one (cases/README rule 6). The reader never throws
/// on bad data and holds at most one record of its own.

#include <array>
#include <cstdint>
#include <span>
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

/// One CSV record as views: the same fields and flags as `CsvRecord`, but the
/// texts belong to someone else (the reader's buffer, or a `CsvRecord` through
/// `view_of`) and are valid only as long as that owner is unchanged.
struct CsvRecordView {
  std::span<const std::string_view> fields;  ///< cell texts, unquoted, not trimmed
  std::uint64_t line = 0;                    ///< physical 1-based line where the record starts
  bool malformed = false;                    ///< as `CsvRecord::malformed`
  bool unterminated = false;                 ///< as `CsvRecord::unterminated`
  bool no_line_end = false;                  ///< as `CsvRecord::no_line_end`

  /// As `CsvRecord::is_blank`.
  bool is_blank() const noexcept {
    for (auto f : fields)
      if (!trim(f).empty()) return false;
    return true;
  }

  /// An owned copy (to keep a record past the callback).
  CsvRecord to_record() const {
    CsvRecord r;
    r.fields.assign(fields.begin(), fields.end());
    r.line = line;
    r.malformed = malformed;
    r.unterminated = unterminated;
    r.no_line_end = no_line_end;
    return r;
  }
};

/// A view of `rec`; `storage` receives the field views (reused by the caller
/// across records). Valid while `rec` and `storage` are unchanged.
inline CsvRecordView view_of(const CsvRecord& rec, std::vector<std::string_view>& storage) {
  storage.assign(rec.fields.begin(), rec.fields.end());
  return CsvRecordView{storage, rec.line, rec.malformed, rec.unterminated, rec.no_line_end};
}

class CsvReader {
 public:
  /// `separator` 0 = sniff from the header line; else `,` or `;` (or any byte).
  explicit CsvReader(char separator = 0) : sep_(separator) {
    if (sep_ != 0) build_classes();
  }

  /// Feeds UTF-8 text; calls `on_record(CsvRecord&&)` for each completed
  /// record, in order. If the callback returns false, reading stops: `push`
  /// returns false and later calls do nothing.
  template <class OnRecord>
  bool push(std::string_view text, OnRecord&& on_record) {
    return push_views(text, owned(on_record));
  }

  /// Ends the text: emits the last record if the text did not end with a line
  /// break. Returns false if the callback stopped reading.
  template <class OnRecord>
  bool finish(OnRecord&& on_record) {
    return finish_views(owned(on_record));
  }

  /// As `push`, but calls `on_view(const CsvRecordView&)`: the views point
  /// into the reader and are valid only during the call.
  template <class OnView>
  bool push_views(std::string_view text, OnView&& on_view) {
    if (stopped_) return false;
    if (sep_ == 0) {
      // Hold text until the header line is complete, then sniff.
      sniff_buf_.append(text);
      std::size_t nl = sniff_buf_.find_first_of("\r\n");
      if (nl == std::string::npos) return true;
      sep_ = sniff(std::string_view(sniff_buf_).substr(0, nl));
      build_classes();
      std::string held = std::move(sniff_buf_);
      sniff_buf_.clear();
      return consume(held, on_view);
    }
    return consume(text, on_view);
  }

  /// As `finish`, with views (see `push_views`).
  template <class OnView>
  bool finish_views(OnView&& on_view) {
    if (stopped_) return false;
    if (sep_ == 0) {
      sep_ = sniff(sniff_buf_);
      build_classes();
      std::string held = std::move(sniff_buf_);
      sniff_buf_.clear();
      if (!consume(held, on_view)) return false;
    }
    if (state_ == State::quoted || state_ == State::quote_in_quoted) {
      if (state_ == State::quoted) unterminated_ = true;
      no_line_end_ = true;
      end_field();
      return end_record(on_view);
    }
    if (in_record_) {
      no_line_end_ = true;
      end_field();
      return end_record(on_view);
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
  // What a byte means to the scanner: ordinary bytes are copied in runs.
  enum Class : unsigned char { kData = 0, kSep, kLineEnd, kQuote };

  // Adapts a `CsvRecord&&` callback to views: the fields are copied into one
  // record kept by the reader, whose strings keep their capacity from record
  // to record unless the callback moves them away.
  template <class OnRecord>
  auto owned(OnRecord& on_record) {
    return [this, &on_record](const CsvRecordView& v) {
      owned_.fields.resize(v.fields.size());
      for (std::size_t i = 0; i < v.fields.size(); ++i) owned_.fields[i].assign(v.fields[i]);
      owned_.line = v.line;
      owned_.malformed = v.malformed;
      owned_.unterminated = v.unterminated;
      owned_.no_line_end = v.no_line_end;
      return on_record(std::move(owned_));
    };
  }

  void build_classes() {
    unquoted_.fill(kData);
    quoted_.fill(kData);
    // Same precedence as the rules: separator, then line end, then quote.
    unquoted_['"'] = kQuote;
    unquoted_['\r'] = unquoted_['\n'] = kLineEnd;
    unquoted_[static_cast<unsigned char>(sep_)] = kSep;
    quoted_['\r'] = quoted_['\n'] = kLineEnd;
    quoted_['"'] = kQuote;
  }

  // Length of the run of kData bytes at the start of [p, end).
  static std::size_t data_run(const char* p, const char* end, const std::array<unsigned char, 256>& cls) noexcept {
    const char* q = p;
    while (q != end && cls[static_cast<unsigned char>(*q)] == kData) ++q;
    return static_cast<std::size_t>(q - p);
  }

  template <class OnView>
  bool consume(std::string_view text, OnView& on_view) {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p != end) {
      if (after_cr_) {
        after_cr_ = false;
        if (*p == '\n') {  // the LF of a CRLF already counted
          ++p;
          continue;
        }
      }
      if (!in_record_) {
        in_record_ = true;
        rec_line_ = line_;
      }
      switch (state_) {
        case State::field_start:
          if (*p == '"') {
            state_ = State::quoted;
            ++p;
            break;
          }
          state_ = State::unquoted;
          [[fallthrough]];
        case State::unquoted: {
          std::size_t n = data_run(p, end, unquoted_);
          buf_.append(p, n);
          p += n;
          if (p == end) break;
          char c = *p++;
          switch (unquoted_[static_cast<unsigned char>(c)]) {
            case kSep:
              end_field();
              state_ = State::field_start;
              break;
            case kLineEnd:
              new_line(c);
              end_field();
              if (!end_record(on_view)) return false;
              break;
            default:  // a quote inside an unquoted field
              malformed_ = true;
              buf_.push_back(c);
              break;
          }
          break;
        }
        case State::quoted: {
          std::size_t n = data_run(p, end, quoted_);
          buf_.append(p, n);
          p += n;
          if (p == end) break;
          char c = *p++;
          if (c == '"') {
            state_ = State::quote_in_quoted;
          } else {
            new_line(c);
            buf_.push_back('\n');
          }
          break;
        }
        case State::quote_in_quoted: {
          char c = *p++;
          if (c == '"') {  // `""` is one quote
            buf_.push_back('"');
            state_ = State::quoted;
          } else if (c == sep_) {
            end_field();
            state_ = State::field_start;
          } else if (c == '\n' || c == '\r') {
            new_line(c);
            end_field();
            if (!end_record(on_view)) return false;
          } else {
            // `"abc"x`: keep the quote as data and stay inside the field.
            malformed_ = true;
            buf_.push_back('"');
            buf_.push_back(c);
            state_ = State::quoted;
          }
          break;
        }
      }
    }
    return true;
  }

  void new_line(char c) {
    ++line_;
    after_cr_ = c == '\r';
  }

  void end_field() { ends_.push_back(buf_.size()); }

  template <class OnView>
  bool end_record(OnView& on_view) {
    state_ = State::field_start;
    in_record_ = false;
    views_.clear();
    std::size_t start = 0;
    for (std::size_t e : ends_) {
      views_.emplace_back(buf_.data() + start, e - start);
      start = e;
    }
    const CsvRecordView view{views_, rec_line_, malformed_, unterminated_, no_line_end_};
    const bool go = on_view(view);
    buf_.clear();
    ends_.clear();
    malformed_ = unterminated_ = no_line_end_ = false;
    if (!go) {
      stopped_ = true;
      return false;
    }
    return true;
  }

  char sep_;
  std::array<unsigned char, 256> unquoted_{};  ///< byte classes outside quotes
  std::array<unsigned char, 256> quoted_{};    ///< byte classes inside quotes
  std::string sniff_buf_;
  State state_ = State::field_start;
  std::string buf_;                      ///< the current record's field texts, back to back
  std::vector<std::size_t> ends_;        ///< end offset in `buf_` of each finished field
  std::vector<std::string_view> views_;  ///< the record handed to the callback
  CsvRecord owned_;                      ///< the record handed to a `CsvRecord&&` callback
  std::uint64_t rec_line_ = 0;
  bool malformed_ = false;
  bool unterminated_ = false;
  bool no_line_end_ = false;
  std::uint64_t line_ = 1;
  bool in_record_ = false;
  bool after_cr_ = false;
  bool stopped_ = false;
};

}  // namespace tecsync::text
