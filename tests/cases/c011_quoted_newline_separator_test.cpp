// Case 011: the deep "characteristics" feed (quoted newlines, `,` `;` `""` inside
// CARACTERISTICAS, part number extraction, http-only images).
//
// The deep pipeline (ProductContent through an RPC sink) is issue 4 and does not
// exist yet, so this test exercises what does: (1) the real CSV reader the Air
// plugin uses plus the plugin's CARACTERISTICAS parser (plugins/air/
// characteristics.hpp) on the case's exact bytes, asserting expected.md's
// parsed records; (2) the real binary, which must not touch prices or stock
// when handed this feed: the flash pipeline refuses it (no cost column) and
// Odoo stays byte-identical, i.e. "list_price and the quants exactly as in
// odoo_before.csv". (3) The air plugin's deep read (CharacteristicsParser, the
// code `strategy = deep` runs for form = sheet) yields exactly the three
// ProductContents of expected.md. Writing them through the RPC sink is asserted
// by the deep end-to-end tests once that sink exists.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "air_case_expect.hpp"
#include "characteristics.hpp"
#include "deep_content.hpp"
#include "deep_sheet.hpp"
#include "tecsync/text/csv.hpp"
#include "tecsync/text/encoding.hpp"

namespace {

using namespace tecsync::cases;
using V = std::vector<std::string>;

TEST_F(Cases, c011_quoted_newline_separator) {
  // (1) Parsing: 8 physical lines, 3 records, reported at their first line.
  std::ifstream in(case_file("caracteristicas.csv"), std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string text;
  tecsync::text::FeedDecoder decoder;
  decoder.push(bytes.str(), text);
  decoder.finish(text);
  ASSERT_EQ(decoder.encoding(), tecsync::text::Encoding::utf8);
  tecsync::text::CsvReader reader;
  std::vector<tecsync::text::CsvRecord> recs;
  auto keep = [&](tecsync::text::CsvRecord&& r) {
    recs.push_back(std::move(r));
    return true;
  };
  reader.push(text, keep);
  reader.finish(keep);
  ASSERT_EQ(recs.size(), 4u);  // header + 3, not 7 or 8
  const V header = recs[0].fields;
  ASSERT_EQ(header.size(), 9u);
  ASSERT_EQ(header[2], "CARACTERISTICAS");
  struct Expect {
    const char* sku;
    std::uint64_t line;
    const char* pn;
    V images;
  } want[] = {
      {"JX-1101", 2, "MN-24IPS", {"https://img.example.test/jx1101_1.jpg", "https://img.example.test/jx1101_2.jpg"}},
      {"JX-1102", 5, "NB-14R7", {"https://img.example.test/jx1102_1.jpg"}},
      {"JX-1103",
       7,
       "PR-L200",
       {"https://img.example.test/jx1103_1.jpg", "https://img.example.test/jx1103_2.jpg",
        "https://img.example.test/jx1103_3.jpg"}}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& r = recs[i + 1];
    EXPECT_EQ(r.fields.size(), header.size()) << want[i].sku;  // no "field count mismatch"
    EXPECT_FALSE(r.malformed) << want[i].sku;
    EXPECT_EQ(r.fields[0], want[i].sku);
    EXPECT_EQ(r.line, want[i].line) << want[i].sku;
    EXPECT_EQ(tecsync::air::part_number(r.fields[2]), want[i].pn) << want[i].sku;
    EXPECT_EQ(tecsync::air::image_urls(V(r.fields.begin() + 3, r.fields.end())), want[i].images) << want[i].sku;
  }
  EXPECT_EQ(recs[1].fields[2],
            "Panel: IPS, 75 Hz | Entradas: HDMI; VGA\nN\xC2\xBA Parte: MN-24IPS\nIncluye cable de 1,5 m");
  EXPECT_NE(recs[2].fields[2].find("Pantalla: 14\" FHD"), std::string::npos) << recs[2].fields[2];
  EXPECT_EQ(recs[2].fields[2].find("14\"\""), std::string::npos);

  // (2) The binary with this feed: no price or stock is touched.
  RunOptions o;
  o.url = serve("caracteristicas.csv");
  const std::string before = odoo().snapshot();
  auto r = run(o);
  expect_untouched(r, "FAILED:FeedSchemaError", before);
  EXPECT_NE(r.failure_detail().find("no cost column"), std::string::npos) << r.describe();
  EXPECT_EQ(r.failure_detail().find("field"), std::string::npos) << r.describe();
  expect_odoo(odoo(),
              {{"JX-1101", "150.00", "1", "1"}, {"JX-1102", "700.00", "1", "1"}, {"JX-1103", "120.00", "1", "1"}});
}

namespace {

// Just enough of an emitter and host for the deep parser alone.
struct DeepCollect : tecsync::Emitter {
  std::vector<tecsync::OfferBatch> batches;
  tecsync::Status facts(const tecsync::StreamFacts&) noexcept override { return tecsync::Status::ok(); }
  tecsync::Status emit(tecsync::OfferBatch&& b) noexcept override {
    batches.push_back(std::move(b));
    return tecsync::Status::ok();
  }
  std::size_t batch_size() const noexcept override { return 1000; }
};
struct Quiet : tecsync::Logger, tecsync::PulseEmitter, tecsync::Counters, tecsync::Cancellation, tecsync::HttpClient {
  std::vector<tecsync::Pulse> pulses;
  void log(tecsync::LogLevel, std::string_view) noexcept override {}
  void emit(const tecsync::Pulse& p) noexcept override { pulses.push_back(p); }
  void add(std::string_view, std::int64_t) noexcept override {}
  bool requested() const noexcept override { return false; }
  tecsync::Status fetch(const tecsync::HttpRequest&, const tecsync::BodyChunk&,
                        tecsync::HttpResponse&) noexcept override {
    return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.Connect", "no network here");
  }
};

}  // namespace

TEST(Cases011, DeepReadYieldsTheThreeRecords) {
  boost::property_tree::ptree config;
  Quiet q;
  tecsync::HostServices host{config, "air", q, q, q, q, q};
  tecsync::air::AirConfig cfg;
  cfg.form = tecsync::air::Form::sheet;
  const char* shared = std::getenv("TECSYNC_SHARED_DIR");
  ASSERT_TRUE(shared) << "TECSYNC_SHARED_DIR is not set";
  std::ifstream in(std::string(shared) + "/cases/011-quoted-newline-separator/caracteristicas.csv", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  ASSERT_FALSE(bytes.str().empty());
  DeepCollect out;
  tecsync::air::ContentStream stream(out);
  tecsync::air::CharacteristicsParser parser(cfg, host, "caracteristicas.csv", stream);
  // Byte by byte: a record split anywhere (inside Nº's two bytes too) reads the same.
  for (char c : bytes.str()) ASSERT_TRUE(parser.push(std::string_view(&c, 1)).is_ok());
  ASSERT_TRUE(parser.finish().is_ok());
  ASSERT_TRUE(stream.finish().is_ok());
  std::vector<tecsync::ProductContent> got;
  for (auto& b : out.batches) {
    EXPECT_TRUE(b.rejects.empty());
    got.insert(got.end(), b.contents.begin(), b.contents.end());
  }
  ASSERT_EQ(got.size(), 3u);  // not 7 or 8
  struct Want {
    const char* sku;
    std::uint64_t line;
    const char* mpn;
    std::size_t images;
  } want[] = {{"JX-1101", 2, "MN-24IPS", 2}, {"JX-1102", 5, "NB-14R7", 1}, {"JX-1103", 7, "PR-L200", 3}};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].sku, want[i].sku);
    EXPECT_EQ(got[i].origin.line, want[i].line) << want[i].sku;
    EXPECT_EQ(got[i].mpn, want[i].mpn) << want[i].sku;
    EXPECT_EQ(got[i].image_urls.size(), want[i].images) << want[i].sku;
    for (const auto& u : got[i].image_urls) EXPECT_EQ(u.rfind("https://img.example.test/", 0), 0u) << u;
    for (const auto& s : got[i].specs) EXPECT_FALSE(tecsync::air::is_part_number_label(s.label)) << s.label;
    EXPECT_TRUE(got[i].warnings.empty()) << want[i].sku;
  }
  EXPECT_EQ(got[1].specs.front().value, "14\" FHD");
  EXPECT_TRUE(q.pulses.empty());  // reported: nothing
}

}  // namespace
