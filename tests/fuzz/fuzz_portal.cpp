// Fuzzes the intranet portal export ("Listas (CSV)", form = portal): the
// tolerant splitter (tecsync/text/portal_csv.hpp) and the whole reader
// (SheetParser in portal form). Properties, besides no crash, leak or UB:
//  * PortalCsvReader gives one record per physical line, each equal to
//    split_portal_line of that line, whatever the split of the text;
//  * no field holds a line break; lines count up by one from 1;
//  * a record written back (each field quoted, unescaped, as the portal
//    writes) reads back the same when no field holds `"` + separator (the
//    documented limit of the rule);
//  * the reader's status, offers, rejects and pulses do not depend on the
//    split of the bytes, with or without `price_column`;
//  * every offer and reject passes the row invariants (fuzz_feed.hpp).
#include "fuzz_feed.hpp"
#include "sheet_parser.hpp"
#include "tecsync/text/encoding.hpp"
#include "tecsync/text/portal_csv.hpp"

namespace text = tecsync::text;

namespace {

std::vector<text::CsvRecord> split(const std::vector<std::string_view>& pieces, char sep) {
  text::PortalCsvReader reader(sep);
  std::vector<text::CsvRecord> out;
  auto cb = [&](text::CsvRecord&& r) {
    out.push_back(std::move(r));
    return true;
  };
  for (auto p : pieces) reader.push(p, cb);
  reader.finish(cb);
  return out;
}

bool same(const text::CsvRecord& a, const text::CsvRecord& b) {
  return a.fields == b.fields && a.line == b.line && a.malformed == b.malformed && a.no_line_end == b.no_line_end;
}

void splitter(std::string_view text, std::uint64_t seed) {
  char sep = seed % 2 ? ',' : ';';
  auto one = split({text}, sep);
  auto many = split(fuzz::chunks(text, seed >> 4), sep);
  fuzz::check(one.size() == many.size(), "portal record count depends on the split");
  for (std::size_t i = 0; i < one.size(); ++i) fuzz::check(same(one[i], many[i]), "portal records depend on the split");

  // One record per physical line, split by the documented rule.
  std::size_t start = 0, k = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool end = i == text.size();
    if (!end && text[i] != '\n' && text[i] != '\r') continue;
    if (end && start == i) break;  // no last line without a line break
    fuzz::check(k < one.size(), "a physical line without a record");
    text::CsvRecord want = text::split_portal_line(text.substr(start, i - start), sep);
    fuzz::check(one[k].fields == want.fields && one[k].malformed == want.malformed, "record differs from its line");
    fuzz::check(one[k].line == k + 1, "portal lines do not count up by one");
    ++k;
    if (!end && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  fuzz::check(k == one.size(), "more records than physical lines");

  for (const auto& r : one) {
    std::string line;
    bool writable = !r.malformed;
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      const auto& f = r.fields[i];
      fuzz::check(f.find_first_of("\r\n") == std::string::npos, "a portal field holds a line break");
      if (f.find(std::string("\"") + sep) != std::string::npos) writable = false;
      line += (i ? std::string(1, sep) : "") + "\"" + f + "\"";
    }
    if (!writable) continue;
    text::CsvRecord back = text::split_portal_line(line, sep);
    fuzz::check(back.fields == r.fields && !back.malformed, "portal write-back round trip");
  }
}

std::string read(const std::vector<std::string_view>& pieces, const tecsync::air::AirConfig& c) {
  air_test::FakeHost host;
  air_test::Collector out;
  out.size = 4;
  auto services = host.services();
  tecsync::air::OfferStream stream(out);
  tecsync::air::SheetParser parser(c, services, c.url, stream,
                                   std::chrono::sys_seconds{std::chrono::seconds{1771439400}});
  tecsync::Status s;
  for (auto p : pieces) {
    s = parser.push(p);
    if (!s) break;
  }
  if (s) s = parser.finish();
  if (s) s = stream.finish();
  return fuzz::show(s) + "\n" + fuzz::render_and_check(out, host, c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::uint64_t seed = fuzz::hash(bytes);

  text::FeedDecoder dec;
  std::string decoded;
  dec.push(bytes, decoded);
  dec.finish(decoded);
  splitter(decoded, seed);

  auto c = seed % 3 == 0 ? fuzz::air_config("portal", {{"price_column", "lista5"}}) : fuzz::air_config("portal");
  std::string whole = read({bytes}, c);
  fuzz::check(whole == read(fuzz::chunks(bytes, seed >> 8), c), "portal result depends on the split");
  return 0;
}
