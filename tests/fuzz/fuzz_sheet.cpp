// Fuzzes the reseller sheet reader end to end below the transport:
// bytes → SheetParser (decoder, CSV, header, row rules) → OfferStream.
// Properties, besides no crash, leak or UB:
//  * any split of the body gives the same status, offers, rejects, warnings
//    and pulses as the body in one piece (chunks of 0..17 bytes, derived from
//    the input, and byte by byte for short bodies);
//  * every offer and reject passes the row invariants (fuzz_feed.hpp).
#include "fuzz_feed.hpp"
#include "sheet_parser.hpp"

namespace {

std::string run(const std::vector<std::string_view>& pieces) {
  air_test::FakeHost host;
  air_test::Collector out;
  out.size = 4;
  auto c = fuzz::air_config("sheet");
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
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::string whole = run({body});
  std::string split = run(fuzz::chunks(body, fuzz::hash(body)));
  fuzz::check(whole == split, "sheet result depends on the split");
  if (size <= 512) {
    std::vector<std::string_view> bytes;
    for (std::size_t i = 0; i < size; ++i) bytes.push_back(body.substr(i, 1));
    fuzz::check(whole == run(bytes), "sheet result differs byte by byte");
  }
  return 0;
}
