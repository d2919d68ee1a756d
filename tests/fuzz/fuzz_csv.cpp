// Fuzzes the streaming feed text path: FeedDecoder (bytes → UTF-8) and
// CsvReader (UTF-8 → records). Properties:
//  * any split of the bytes gives the same text, encoding and mixed-byte count;
//  * the text is valid UTF-8;
//  * any split of the text gives the same records (fields, line, flags) and
//    separator, also when reading stops early;
//  * lines are ≥ 1 and strictly increase; no field holds a CR;
//  * a well-formed record written back (every field quoted, `""` doubled)
//    reads back to the same fields.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"

using tecsync::text::CsvReader;
using tecsync::text::CsvRecord;
using tecsync::text::FeedDecoder;

namespace {

struct Decoded {
  std::string text;
  tecsync::text::Encoding encoding;
  std::uint64_t mixed;
};

Decoded decode(const std::vector<std::string_view>& pieces) {
  FeedDecoder dec;
  Decoded d;
  for (auto p : pieces) dec.push(p, d.text);
  dec.finish(d.text);
  d.encoding = dec.encoding();
  d.mixed = dec.mixed_bytes();
  return d;
}

struct Parsed {
  std::vector<CsvRecord> records;
  char separator = 0;
};

// Reads `pieces`; stops after `limit` records (the callback returns false).
Parsed parse(const std::vector<std::string_view>& pieces, char sep, std::size_t limit = SIZE_MAX) {
  CsvReader reader(sep);
  Parsed p;
  auto cb = [&](CsvRecord&& r) {
    p.records.push_back(std::move(r));
    return p.records.size() < limit;
  };
  bool going = true;
  for (auto piece : pieces) {
    bool more = reader.push(piece, cb);
    if (!going) fuzz::check(!more, "push after a stop must return false");
    going = going && more;
  }
  bool fin = reader.finish(cb);
  if (!going) fuzz::check(!fin, "finish after a stop must return false");
  p.separator = reader.separator();
  return p;
}

bool same(const CsvRecord& a, const CsvRecord& b) {
  return a.fields == b.fields && a.line == b.line && a.malformed == b.malformed && a.unterminated == b.unterminated &&
         a.no_line_end == b.no_line_end;
}

bool same(const Parsed& a, const Parsed& b) {
  if (a.records.size() != b.records.size() || a.separator != b.separator) return false;
  for (std::size_t i = 0; i < a.records.size(); ++i)
    if (!same(a.records[i], b.records[i])) return false;
  return true;
}

std::string write_back(const CsvRecord& r, char sep) {
  std::string s;
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    if (i) s.push_back(sep);
    s.push_back('"');
    for (char c : r.fields[i]) {
      if (c == '"') s.push_back('"');
      s.push_back(c);
    }
    s.push_back('"');
  }
  s.push_back('\n');
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::uint64_t seed = fuzz::hash(bytes);

  Decoded whole = decode({bytes});
  Decoded split = decode(fuzz::chunks(bytes, seed));
  fuzz::check(whole.text == split.text, "decoded text depends on the split");
  fuzz::check(whole.encoding == split.encoding, "encoding depends on the split");
  fuzz::check(whole.mixed == split.mixed, "mixed-byte count depends on the split");
  fuzz::check(tecsync::text::is_valid_utf8(whole.text), "decoder output is not UTF-8");

  static constexpr char kSeps[] = {0, ',', ';'};
  char sep = kSeps[seed % 3];
  std::string_view text = whole.text;
  Parsed one = parse({text}, sep);
  Parsed many = parse(fuzz::chunks(text, seed >> 8), sep);
  fuzz::check(same(one, many), "CSV records depend on the split");

  std::uint64_t prev = 0;
  for (const auto& r : one.records) {
    fuzz::check(r.line > prev, "record lines must strictly increase from 1");
    prev = r.line;
    fuzz::check(!r.fields.empty(), "a record has at least one field");
    for (const auto& f : r.fields) fuzz::check(f.find('\r') == std::string::npos, "a field holds a CR");
  }
  for (std::size_t i = 0; i + 1 < one.records.size(); ++i)
    fuzz::check(!one.records[i].unterminated, "only the last record can be unterminated");

  if (!one.records.empty()) {  // stopping early yields a prefix of the same records
    std::size_t limit = 1 + (seed >> 16) % one.records.size();
    Parsed cut = parse(fuzz::chunks(text, seed >> 24), sep, limit);
    fuzz::check(cut.records.size() == limit, "a stopped reader emitted more records");
    for (std::size_t i = 0; i < limit; ++i) fuzz::check(same(cut.records[i], one.records[i]), "stop changed records");
  }

  char used = one.separator == 0 ? ',' : one.separator;
  for (const auto& r : one.records) {
    if (r.malformed || r.unterminated) continue;
    Parsed again = parse({write_back(r, used)}, used);
    fuzz::check(again.records.size() == 1, "a written-back record reads as one record");
    fuzz::check(again.records[0].fields == r.fields, "write-back round trip changed fields");
    fuzz::check(!again.records[0].malformed, "a written-back record is malformed");
  }
  return 0;
}
