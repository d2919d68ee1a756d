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
// odoo_before.csv". Writing the part number and images is not asserted here.
#include <fstream>
#include <sstream>

#include "air_case_expect.hpp"
#include "characteristics.hpp"
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

}  // namespace
