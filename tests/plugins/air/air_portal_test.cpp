// The portal form, JSON-row sheets and feed validation (HTML, truncation)
// through the real plugin class, from memory over the fake HTTP client.
#include <gtest/gtest.h>

#include <filesystem>

#include "fake_host.hpp"
#include "json_rows.hpp"
#include "source.hpp"

using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;
using tecsync::Strategy;
using M = std::map<std::string, std::string>;
using V = std::vector<std::string>;

namespace {

const std::string kPortalHeader =
    "\"Codigo\",\"Descripcion\",\"lista1\",\"lista3\",\"Tipo\",\"IVA\",\"ROS\",\"MZA\",\"CBA\",\"LUG\",\"Grupo\","
    "\"Rubro\",\"Part Number\"\r\n";

struct FeedRun {
  FakeHost host;
  Collector out;
  tecsync::Status status;
  M offers;
  V rejects;

  FeedRun(const std::string& form, const std::string& body, std::size_t chunk = 7,
          std::vector<std::pair<std::string, std::string>> keys = {}) {
    host.set("form", form);
    host.set("url", "http://127.0.0.1:8089/feeds/air/listas.csv");
    for (auto& [k, v] : keys) host.set(k, v);
    host.http.chunk_size = chunk;
    host.http.route = [body](const tecsync::HttpRequest&) { return CannedAnswer{200, body}; };
    tecsync::air::AirSource source(host.services());
    status = source.read(Strategy::flash, out);
    for (const auto& o : out.offers()) {
      std::string s = (o.cost ? o.cost->to_string(2) : "-") + " " + qty(o, "S_CBA") + " " + qty(o, "S_BUE") + " " +
                      (o.vat_percent ? o.vat_percent->to_string(1) : "-");
      for (const auto& w : o.warnings) s += " " + w.code;
      offers[o.sku] = s;
    }
    for (const auto& x : out.rejects()) rejects.push_back(std::to_string(x.origin.line) + " " + x.code + " " + x.sku);
  }
};

std::string portal_row(const std::string& sku, const std::string& desc, const std::string& l1, const std::string& l3,
                       const std::string& cba, const std::string& lug, const char* end = "\r\n") {
  return "\"" + sku + "\",\"" + desc + "\",\"" + l1 + "\",\"" + l3 + "\",\"A\",\"10,5\",\"1\",\"0\",\"" + cba +
         "\",\"" + lug + "\",\"24\",\"001-0010\",\"PN-" + sku + "\"" + end;
}

}  // namespace

TEST(AirPortal, Latin1AllQuotedUnescapedInchesDecimalCommas) {
  std::string body = kPortalHeader + portal_row("P-1", "MONITOR 24\" FHD", "0", "1.234,50", "2", "3") +
                     portal_row("P-2", "CABLE 3/8\" A 1,5 M", "0", "4,10", "0", "12") +
                     portal_row("P-3", "MOUSE \xD3PTICO", "0", "2.100", "30", "40");
  for (std::size_t chunk : {1u, 7u, 4096u}) {
    FeedRun r("portal", body, chunk, {{"price_column", "lista3"}});
    ASSERT_TRUE(r.status) << r.status.detail;
    // decimal comma declared for the portal: `2.100` is 2100, not ambiguous.
    EXPECT_EQ(r.offers, (M{{"P-1", "1234.50 2 3 10.5"}, {"P-2", "4.10 0 12 10.5"}, {"P-3", "2100.00 30 40 10.5"}}))
        << chunk;
    EXPECT_TRUE(r.rejects.empty());
    EXPECT_TRUE(r.host.pulses.pulses.empty());  // no UNKNOWN_COLUMN for the portal's own columns
  }
}

TEST(AirPortal, PriceColumnUnsetTakesTheOnlyListWithPrices) {
  std::string body = kPortalHeader + portal_row("P-1", "X", "0", "10,00", "1", "1") +
                     portal_row("P-2", "Y", "0", "0", "1", "1") + portal_row("P-3", "Z", "0", "5,5", "1", "1");
  FeedRun r("portal", body);
  ASSERT_TRUE(r.status) << r.status.detail;
  EXPECT_EQ(r.offers, (M{{"P-1", "10.00 1 1 10.5"}, {"P-2", "- 1 1 10.5 NO_PRICE"}, {"P-3", "5.50 1 1 10.5"}}));
}

TEST(AirPortal, SeveralListsWithPricesNeedPriceColumn) {
  std::string body = kPortalHeader + portal_row("P-1", "X", "9,00", "10,00", "1", "1");
  FeedRun r("portal", body);
  EXPECT_EQ(r.status.error_class, "FeedSchemaError");
  EXPECT_NE(r.status.detail.find("price_column"), std::string::npos) << r.status.detail;
  EXPECT_TRUE(r.out.offers().empty());
  FeedRun none("portal", kPortalHeader + portal_row("P-1", "X", "0", "0", "1", "1"));
  EXPECT_EQ(none.status.error_class, "FeedSchemaError");
  FeedRun missing("portal", kPortalHeader + portal_row("P-1", "X", "0", "1", "1", "1"), 7,
                  {{"price_column", "lista7"}});
  EXPECT_EQ(missing.status.error_class, "FeedSchemaError");
  EXPECT_NE(missing.status.detail.find("lista7"), std::string::npos);
}

TEST(AirPortal, ShortRowIsBadRowButAShortUnterminatedLastRowIsATruncatedTransfer) {
  std::string short_row = "\"P-2\",\"Y\",\"0\",\"3,00\",\"A\",\"21\",\"1\",\"1\",\"1\",\"1\",\"40\",\"001-0030\"\r\n";
  FeedRun bad("portal", kPortalHeader + portal_row("P-1", "X", "0", "1,00", "1", "1") + short_row, 7,
              {{"price_column", "lista3"}});
  ASSERT_TRUE(bad.status) << bad.status.detail;
  EXPECT_EQ(bad.rejects, (V{"3 BAD_ROW P-2"}));
  std::string cut = kPortalHeader + portal_row("P-1", "X", "0", "1,00", "1", "1") + "\"P-2\",\"Gabinete AT";
  FeedRun c("portal", cut, 7, {{"price_column", "lista3"}});
  EXPECT_EQ(c.status.error_class, "FeedTransportError.Incomplete");
  EXPECT_NE(c.status.detail.find("record truncated at line 3"), std::string::npos) << c.status.detail;
  // A full last row without its line end is fine.
  FeedRun whole("portal", kPortalHeader + portal_row("P-1", "X", "0", "1,00", "1", "1", ""), 7,
                {{"price_column", "lista3"}});
  EXPECT_TRUE(whole.status) << whole.status.detail;
}

TEST(AirSheetValidation, ShortUnterminatedLastCsvRecordIsIncomplete) {
  std::string head = "CODPROV,COSTO,IVA,CBA,BS AS\n";
  FeedRun cut("sheet", head + "A-1,1.00,21,1,1\nA-2,Gabinete");
  EXPECT_EQ(cut.status.error_class, "FeedTransportError.Incomplete");
  EXPECT_TRUE(cut.out.offers().size() <= 1u);
  FeedRun ok("sheet", head + "A-1,1.00,21,1,1\nA-2,2.00,21,1,1");
  EXPECT_TRUE(ok.status) << ok.status.detail;
  FeedRun bad("sheet", head + "A-1,1.00,21\nA-2,2.00,21,1,1\n");  // short but terminated: a bad row
  ASSERT_TRUE(bad.status) << bad.status.detail;
  EXPECT_EQ(bad.rejects, (V{"2 BAD_ROW A-1"}));
}

TEST(AirSheetValidation, CutInsideAQuotedFieldIsIncompleteAStrayQuoteIsAFormatError) {
  std::string head = "CODPROV,DESCRIPCION,COSTO,IVA,CBA,BS AS\n";
  FeedRun cut("sheet", head + "A-1,x,1.00,21,1,1\nA-2,\"Gabinete, vid");
  EXPECT_EQ(cut.status.error_class, "FeedTransportError.Incomplete");
  EXPECT_NE(cut.status.detail.find("record truncated at line 3"), std::string::npos) << cut.status.detail;
  FeedRun stray("sheet", head + "A-1,\"x,1.00,21,1,1\nA-2,y,2.00,21,1,1\n");
  EXPECT_EQ(stray.status.error_class, "FeedFormatError");
  EXPECT_NE(stray.status.detail.find("quoted field opened at line 2"), std::string::npos) << stray.status.detail;
  // Portal: all fields there but the last quote not closed and no line end.
  FeedRun portal("portal",
                 kPortalHeader + portal_row("P-1", "X", "0", "1,00", "1", "1") +
                     "\"P-2\",\"Y\",\"0\",\"3,00\",\"A\",\"21\",\"1\",\"1\",\"1\",\"1\",\"40\",\"001-0030\",\"PN-",
                 7, {{"price_column", "lista3"}});
  EXPECT_EQ(portal.status.error_class, "FeedTransportError.Incomplete") << portal.status.detail;
}

TEST(AirSheetValidation, TabSeparatedSheet) {
  FeedRun r("sheet", "CODPROV\tCOSTO\tIVA\tCBA\tBS AS\nT-1\t1,50\t21\t2\t3\n");
  ASSERT_TRUE(r.status) << r.status.detail;
  EXPECT_EQ(r.offers, (M{{"T-1", "1.50 2 3 21.0"}}));
}

TEST(AirSheetValidation, HtmlPageWithStatus200FailsForEveryForm) {
  const std::string page = "\xEF\xBB\xBF\r\n  <!DOCTYPE html>\n<html><body>Iniciar sesi\xC3\xB3n</body></html>\n";
  for (const char* form : {"sheet", "portal"}) {
    for (std::size_t chunk : {1u, 4096u}) {
      FeedRun r(form, page, chunk);
      EXPECT_EQ(r.status.error_class, "FeedFormatError") << form;
      EXPECT_NE(r.status.detail.find("HTML page"), std::string::npos) << r.status.detail;
      EXPECT_NE(r.status.detail.find("http://127.0.0.1:8089/feeds/air/listas.csv"), std::string::npos);
      EXPECT_TRUE(r.out.batches.empty());
    }
  }
}

TEST(AirJsonSheet, TypeMixedValidFeed) {
  std::string body =
      "[\n {\"CODPROV\": \"000123\", \"COSTO\": 21.5, \"IVA\": 21, \"CBA\": 4, \"BS AS\": null},\n"
      " {\"CODPROV\": 4567, \"COSTO\": \"7.95\", \"IVA\": \"10.5\", \"CBA\": \"2\", \"BS AS\": 0},\n"
      " {\"CODPROV\": 1.2e11, \"COSTO\": 30, \"IVA\": 21, \"CBA\": 1, \"BS AS\": 1},\n"
      " {\"CODPROV\": \"X\", \"COSTO\": {\"a\": 1}, \"IVA\": 21, \"CBA\": 1, \"BS AS\": 1}\n]\n";
  for (std::size_t chunk : {1u, 4096u}) {
    FeedRun r("sheet", body, chunk);
    ASSERT_TRUE(r.status) << r.status.detail;
    EXPECT_EQ(r.offers, (M{{"000123", "21.50 4 0 21.0"}, {"4567", "7.95 2 0 10.5"}}));
    EXPECT_EQ(r.rejects, (V{"3 MANGLED_SKU 1.2e11", "4 BAD_ROW X"}));
  }
}

TEST(AirJsonSheet, InvalidTruncatedPollutedAndEmptyBodies) {
  struct C {
    std::string body, cls, needle;
  } cases[] = {
      {"[{\"CODPROV\": \"A\", \"COSTO\": 1, \"CBA\": 004, \"BS AS\": 1}]", "FeedFormatError", "at byte 38"},
      {"[{\"CODPROV\": \"A\", \"COSTO\": 1, \"CBA\": 4, \"BS AS\": 1},]", "FeedFormatError", "at byte"},
      {"[{\"CODPROV\": \"A\", \"COSTO\": 1, \"CBA\": 4, \"BS AS\": 1}, {\"CODPROV\": \"B\", \"CO", "FeedFormatError",
       "at byte"},
      {"[{\"CODPROV\": \"A\", \"COSTO\": 1, \"CBA\": 4, \"BS AS\": <br />\n<b>Notice</b>:  Undefined}]",
       "FeedFormatError", "PHP notice"},
      {"{\"CODPROV\": \"A\"}", "FeedFormatError", "not an array"},
      {"[]", "FeedEmpty", "0 rows"},
      {" [ ] \n", "FeedEmpty", "0 rows"},
  };
  for (const auto& c : cases) {
    FeedRun r("sheet", c.body, 5);
    EXPECT_EQ(r.status.error_class, c.cls) << c.body;
    EXPECT_NE(r.status.detail.find(c.needle), std::string::npos) << r.status.detail;
    EXPECT_TRUE(r.out.offers().empty()) << c.body;  // nothing rescued from a bad body
  }
}

TEST(AirJsonRows, NumbersKeepTheirWrittenForm) {
  auto p = tecsync::air::parse_json_rows(R"([{"a": 1.50, "b": 1E+3, "c": -7, "d": true}, {"e": "x"}])");
  ASSERT_TRUE(std::holds_alternative<tecsync::air::JsonRows>(p));
  const auto& rows = std::get<tecsync::air::JsonRows>(p);
  EXPECT_EQ(rows.header, (V{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(rows.rows[0].record.fields, (V{"1.50", "1E+3", "-7", "true", ""}));
  EXPECT_EQ(rows.rows[0].float_number, (std::vector<bool>{true, true, false, false, false}));
  EXPECT_EQ(rows.rows[1].record.fields, (V{"", "", "", "", "x"}));
  auto e = tecsync::air::parse_json_rows("[\n  {\"a\": 01}]");
  ASSERT_TRUE(std::holds_alternative<tecsync::air::JsonRowsError>(e));
  EXPECT_EQ(std::get<tecsync::air::JsonRowsError>(e).line, 2u);
}

TEST(AirPortalCase, Case032ThroughThePluginClass) {
  const std::filesystem::path dir = std::filesystem::path(TECSYNC_AIR_CASES) / "032-unescaped-inch-quote";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is missing";
  for (const char* price : {"lista5", ""}) {
    FakeHost host;
    Collector out;
    host.set("form", "portal");
    host.set("url", (dir / "portal.csv").string());
    if (*price) host.set("price_column", price);
    tecsync::air::AirSource source(host.services());
    auto status = source.read(Strategy::flash, out);
    ASSERT_TRUE(status) << status.detail;
    M offers;
    for (const auto& o : out.offers())
      offers[o.sku] = o.cost->to_string(2) + " " + qty(o, "S_CBA") + " " + qty(o, "S_BUE");
    EXPECT_EQ(offers, (M{{"QP-2901", "152.30 2 3"},
                         {"QP-2902", "4.10 0 12"},
                         {"QP-2903", "1234.50 1 2"},
                         {"QP-2904", "3.20 30 40"}}));
    ASSERT_EQ(out.rejects().size(), 1u);
    EXPECT_EQ(out.rejects()[0].origin.line, 6u);
    EXPECT_EQ(out.rejects()[0].sku, "QP-2905");
    EXPECT_EQ(out.rejects()[0].code, "BAD_ROW");
  }
}
