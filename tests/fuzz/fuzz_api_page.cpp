// Fuzzes the Air API page path without HTTP: one page body → read_api_page →
// OfferStream → batches. Properties, besides no crash, leak or UB:
//  * every offer and reject passes the row invariants (fuzz_feed.hpp);
//  * an accepted page accounts for every item (rows() == items);
//  * the result depends on the JSON value, not its spelling: the page dumped
//    and read again gives the same offers, rejects and status;
//  * a failed page never emits a batch that the sink would apply.
#include <nlohmann/json.hpp>

#include "api_reader.hpp"
#include "fuzz_feed.hpp"

namespace {

fuzz::Outcome run(std::string_view body, std::size_t page_no, std::size_t* items_rows = nullptr) {
  air_test::FakeHost host;
  air_test::Collector out;
  out.size = 3;  // small batches: exercise flushing mid-page
  auto c = fuzz::air_config("api");
  auto services = host.services();
  tecsync::air::OfferStream stream(out);
  bool last = false;
  auto cotiza = tecsync::Decimal::parse("1187.5");
  tecsync::Status s =
      tecsync::air::read_api_page(body, c.url, page_no, c, services, stream,
                                  std::chrono::sys_seconds{std::chrono::seconds{1771439400}}, cotiza, last);
  if (s) s = stream.finish();
  if (items_rows) *items_rows = stream.rows();
  if (last) fuzz::check(s.is_ok() && stream.rows() == 0, "a last page with rows");
  return {s, fuzz::show(s) + (last ? " last\n" : "\n") + fuzz::render_and_check(out, host, c)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::size_t page_no = fuzz::hash(body) % 2;  // page 0 ([] = FeedEmpty) or a later one ([] = end)
  std::size_t rows = 0;
  fuzz::Outcome first = run(body, page_no, &rows);

  auto v = nlohmann::json::parse(body, nullptr, false);
  if (v.is_discarded()) {
    fuzz::check(!first.status.is_ok(), "invalid JSON accepted");
    return 0;
  }
  if (first.status.is_ok() && v.is_array()) fuzz::check(rows == v.size(), "items and rows differ");
  std::string again = v.dump();
  fuzz::Outcome second = run(again, page_no);
  // Messages quote the body's bytes (byte offsets, snippets); compare those
  // only for pages that were read.
  fuzz::check(first.status.outcome == second.status.outcome && first.status.error_class == second.status.error_class,
              "status depends on the JSON spelling");
  if (first.status.is_ok()) fuzz::check(first.text == second.text, "offers depend on the JSON spelling");
  return 0;
}
