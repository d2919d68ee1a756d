// csv_feed: the whole mapping from config, on the invented supplier's latin-1
// TSV export and on small inline feeds.

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "csv_source.hpp"
#include "fake_host.hpp"
#include "transport.hpp"

namespace {

using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;
using tecsync::feeds::CsvFeedSource;

std::string temp_file(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "feeds_" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// A small comma feed with every field mapped by header name.
void basic_keys(FakeHost& h, const std::string& url) {
  h.set("url", url);
  h.set("column.sku", "SKU");
  h.set("column.cost", "Cost");
  h.set("currency", "USD");
  h.set("stock.W1", "Qty");
}

const tecsync::RowIssue* find_issue(const std::vector<tecsync::RowIssue>& v, const std::string& code) {
  for (const auto& i : v)
    if (i.code == code) return &i;
  return nullptr;
}

bool has_warning(const tecsync::Offer& o, const std::string& code) {
  for (const auto& w : o.warnings)
    if (w.code == code) return true;
  return false;
}

TEST(CsvFeed, NortedataLatin1TsvMappedByConfig) {
  FakeHost h;
  h.set("url", TECSYNC_FEEDS_FIXTURES "/nortedata/lista.tsv");
  h.set("encoding", "latin-1");
  h.set("separator", "tab");
  h.set("header_row", "2");
  h.set("column.sku", "codigo");  // header `Código`: accents and case folded
  h.set("column.cost", " Precio neto ");
  h.set("column.currency", "Moneda");
  h.set("currency_map.U$S", "USD");
  h.set("currency_map.$", "ARS");
  h.set("column.vat", "IVA");
  h.set("decimal_mark", ",");
  h.set("stock.N_ROS", "Rosario");
  h.set("stock.N_MZA", "#7");
  h.set("stock_text.a pedido", "0");
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  auto offers = out.offers();
  ASSERT_EQ(offers.size(), 5u);
  EXPECT_EQ(offers[0].sku, "ND-1001");
  EXPECT_EQ(offers[0].cost->to_string(2), "1234.50");
  EXPECT_EQ(offers[0].currency, "USD");
  EXPECT_EQ(offers[0].vat_percent->to_string(1), "21.0");
  EXPECT_EQ(qty(offers[0], "N_ROS"), "12");
  EXPECT_EQ(qty(offers[0], "N_MZA"), "0");
  EXPECT_EQ(offers[0].origin.line, 3u);
  EXPECT_EQ(offers[1].currency, "ARS");
  EXPECT_EQ(offers[1].cost->to_string(2), "89.90");
  EXPECT_EQ(qty(offers[1], "N_ROS"), "50");
  EXPECT_TRUE(has_warning(offers[1], "STOCK_LOWER_BOUND"));
  EXPECT_EQ(offers[2].vat_percent->to_string(1), "10.5");
  EXPECT_TRUE(has_warning(offers[2], "STOCK_TEXT"));  // `Consultar`
  EXPECT_EQ(offers[3].cost->to_string(2), "2100.00");
  EXPECT_FALSE(offers[4].cost.has_value());
  EXPECT_TRUE(has_warning(offers[4], "NO_PRICE"));
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0].code, "BLANK_SKU");
  EXPECT_EQ(rejects[0].origin.line, 8u);
  EXPECT_EQ(rejects[1].code, "UNKNOWN_CURRENCY");
  EXPECT_EQ(rejects[1].sku, "ND-3001");
  EXPECT_EQ(rejects[2].code, "BAD_NUMBER");
  EXPECT_EQ(rejects[2].origin.line, 10u);
  EXPECT_NE(rejects[2].origin.resource.find("lista.tsv"), std::string::npos);
}

TEST(CsvFeed, MissingMappedColumnIsSchemaErrorNamingColumnKeyAndFile) {
  FakeHost h;
  basic_keys(h, temp_file("missing.csv", "SKU,Cost\nA,1.5\n"));
  CsvFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  EXPECT_EQ(s.error_class, "FeedSchemaError");
  EXPECT_NE(s.detail.find("'Qty' (stock.W1)"), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("feeds_missing.csv"), std::string::npos) << s.detail;
  EXPECT_TRUE(out.offers().empty());
}

TEST(CsvFeed, ColumnIndexBeyondHeaderIsSchemaError) {
  FakeHost h;
  basic_keys(h, temp_file("index.csv", "SKU,Cost,Qty\nA,1.5,2\n"));
  h.set("column.vat", "#9");
  CsvFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  EXPECT_EQ(s.error_class, "FeedSchemaError");
  EXPECT_NE(s.detail.find("#9 (column.vat)"), std::string::npos) << s.detail;
}

TEST(CsvFeed, DecimalMarkDecidesTheAmbiguousCase) {
  const std::string body = "SKU;Cost;Qty\nA;2.100;2.100\nB;1.234,5;1\n";
  for (auto [mark, cost_a] :
       {std::pair<const char*, const char*>{"auto", "AMBIGUOUS_NUMBER"}, {".", "2.10"}, {",", "2100.00"}}) {
    FakeHost h;
    basic_keys(h, temp_file("marks.csv", body));
    h.set("decimal_mark", mark);
    CsvFeedSource src(h.services());
    Collector out;
    ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok()) << mark;
    auto offers = out.offers();
    if (std::string(cost_a) == "AMBIGUOUS_NUMBER") {
      ASSERT_EQ(out.rejects().size(), 1u);
      EXPECT_EQ(out.rejects()[0].code, "AMBIGUOUS_NUMBER");
      ASSERT_EQ(offers.size(), 1u);
    } else {
      ASSERT_EQ(offers.size(), 2u) << mark;
      EXPECT_EQ(offers[0].cost->to_string(2), cost_a) << mark;
      EXPECT_EQ(qty(offers[0], "W1"), "2100") << "stock columns group thousands (N4)";
    }
    EXPECT_EQ(offers.back().cost->to_string(2), "1234.50") << mark;  // N1 whatever the declared mark
  }
}

TEST(CsvFeed, Utf8BomAutoEncodingAndPipeSeparator) {
  FakeHost h;
  basic_keys(h, temp_file("pipe.csv", "\xEF\xBB\xBFSKU|Descripción|Cost|Qty\nA-1|Cañón|12.5|3\n"));
  h.set("separator", "|");
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  ASSERT_EQ(out.offers().size(), 1u);
  EXPECT_EQ(out.offers()[0].sku, "A-1");
  EXPECT_EQ(out.offers()[0].cost->to_string(2), "12.50");
}

TEST(CsvFeed, Latin1BytesUnderAutoAreWindows1252) {
  FakeHost h;
  basic_keys(h, temp_file("latin.csv", "SKU,Cost,Qty,Descripci\xf3n\nA,1,2,ca\xf1o\n"));
  h.set("column.sku", "#1");
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  EXPECT_EQ(out.offers().size(), 1u);
}

TEST(CsvFeed, DuplicatesAsTheAirSourceTreatsThem) {
  FakeHost h;
  basic_keys(h, temp_file("dups.csv", "SKU,Cost,Qty\nA,1,2\nA,1,2\nB,1,2\nB,1,3\nC,5,5\n"));
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  auto offers = out.offers();
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].sku, "A");
  EXPECT_EQ(offers[1].sku, "C");
  ASSERT_NE(find_issue(out.warnings(), "DUPLICATE_IDENTICAL"), nullptr);
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0].code, "DUPLICATE_CONFLICT");
  EXPECT_EQ(rejects[0].origin.line, 4u);
  EXPECT_EQ(rejects[1].origin.line, 5u);
}

TEST(CsvFeed, FeedFailures) {
  struct Case {
    const char* body;
    const char* klass;
  };
  for (auto c : {Case{"", "FeedEmpty"}, Case{"SKU,Cost,Qty\n", "FeedEmpty"},
                 Case{"  <!DOCTYPE html><html><body>Login</body></html>", "FeedFormatError"},
                 Case{"SKU,Cost,Qty\nA,1,2\nB,1", "FeedTransportError.Incomplete"},
                 Case{"SKU,Cost,Qty\nA,1,2\n\"B,1,2\nC,1,2\n", "FeedFormatError"},
                 Case{"SKU,Cost,Qty\nA,1,2\nB,\"1,2", "FeedTransportError.Incomplete"}}) {
    FakeHost h;
    basic_keys(h, temp_file("fail.csv", c.body));
    CsvFeedSource src(h.services());
    Collector out;
    EXPECT_EQ(src.read(tecsync::Strategy::flash, out).error_class, c.klass) << c.body;
  }
}

TEST(CsvFeed, BatchesAreBounded) {
  std::string body = "SKU,Cost,Qty\n";
  for (int i = 0; i < 25; ++i) body += "S" + std::to_string(i) + ",1," + std::to_string(i) + "\n";
  FakeHost h;
  basic_keys(h, temp_file("batches.csv", body));
  CsvFeedSource src(h.services());
  Collector out;
  out.size = 10;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  ASSERT_EQ(out.batches.size(), 3u);
  for (const auto& b : out.batches) EXPECT_LE(b.offers.size(), 10u);
  EXPECT_EQ(out.offers().size(), 25u);
  EXPECT_EQ(out.facts_before_first_batch, 1u);
}

TEST(CsvFeed, NoHeaderColumnsByIndexAndSkipRows) {
  FakeHost h;
  h.set("url", temp_file("nohead.csv", "units,usd,u\nA,3.5,1\nB,4,2\n"));
  h.set("header_row", "0");
  h.set("skip_rows", "1");
  h.set("column.sku", "#1");
  h.set("column.cost", "#2");
  h.set("currency", "USD");
  h.set("vat_percent", "21");
  h.set("stock.W1", "#3");
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  ASSERT_EQ(out.offers().size(), 2u);
  EXPECT_EQ(out.offers()[1].vat_percent->to_string(0), "21");
  EXPECT_EQ(out.offers()[0].origin.line, 2u);
}

TEST(CsvFeed, HttpBasicAuthHeaderSentAndRefusalNamed) {
  FakeHost h;
  basic_keys(h, "http://127.0.0.1:1/lista.csv");
  h.set("auth", "basic");
  h.set("user", "tienda");
  h.set("password", "clave");
  h.http.route = [](const tecsync::HttpRequest& r) {
    for (const auto& [k, v] : r.headers)
      if (k == "Authorization" && v == "Basic " + tecsync::feeds::base64("tienda:clave"))
        return air_test::CannedAnswer{200, "SKU,Cost,Qty\nA,1,2\n"};
    return air_test::CannedAnswer{401, "no"};
  };
  EXPECT_EQ(tecsync::feeds::base64("tienda:clave"), "dGllbmRhOmNsYXZl");
  CsvFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  EXPECT_EQ(out.offers().size(), 1u);

  h.http.route = [](const tecsync::HttpRequest&) { return air_test::CannedAnswer{401, "no"}; };
  Collector out2;
  auto s = src.read(tecsync::Strategy::flash, out2);
  EXPECT_EQ(s.error_class, "FeedTransportError.HttpStatus");
  EXPECT_NE(s.detail.find("login refused"), std::string::npos);
  EXPECT_TRUE(out2.offers().empty());
}

TEST(CsvFeed, CheckReadsTheHeaderOnly) {
  FakeHost h;
  basic_keys(h, temp_file("check.csv", "SKU,Cost,Qty\nA,1,2\n"));
  CsvFeedSource src(h.services());
  std::vector<tecsync::ReportItem> report;
  EXPECT_TRUE(src.check(report).is_ok());
  ASSERT_EQ(report.size(), 1u);
  EXPECT_NE(report[0].what.find("every mapped column"), std::string::npos);

  FakeHost bad;
  basic_keys(bad, temp_file("check_bad.csv", "SKU,Price,Qty\nA,1,2\n"));
  CsvFeedSource src2(bad.services());
  report.clear();
  EXPECT_EQ(src2.check(report).error_class, "FeedSchemaError");
}

TEST(CsvFeed, ConfigErrorsNameTheKey) {
  auto message = [](const std::function<void(FakeHost&)>& fill) {
    FakeHost h;
    fill(h);
    try {
      CsvFeedSource src(h.services());
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([](FakeHost& h) { h.set("url", "x.csv"); }).find("'column.sku'"), std::string::npos);
  EXPECT_NE(message([](FakeHost& h) {
              basic_keys(h, "x.csv");
              h.config.erase("currency");
            }).find("'currency'"),
            std::string::npos);
  EXPECT_NE(message([](FakeHost& h) {
              basic_keys(h, "x.csv");
              h.set("separator", "#");
            }).find("'separator'"),
            std::string::npos);
  EXPECT_NE(message([](FakeHost& h) {
              basic_keys(h, "x.csv");
              h.set("auth", "bearer");
            }).find("'token'"),
            std::string::npos);
  EXPECT_NE(message([](FakeHost& h) {
              basic_keys(h, "x.csv");
              h.set("currency_map.U$S", "DOLAR");
            }).find("'currency_map.U$S'"),
            std::string::npos);
}

TEST(CsvFeed, DeclaresEveryKeyItReads) {
  std::set<std::string> names;
  for (const auto& k : CsvFeedSource::config_keys()) names.insert(k.name);
  for (const char* k : {"url",
                        "encoding",
                        "separator",
                        "decimal_mark",
                        "header_row",
                        "skip_rows",
                        "column.sku",
                        "column.cost",
                        "column.currency",
                        "currency",
                        "currency_map.*",
                        "column.vat",
                        "vat_percent",
                        "stock.*",
                        "stock_text.*",
                        "column.observed_at",
                        "datetime_format",
                        "auth",
                        "user",
                        "password",
                        "token"})
    EXPECT_TRUE(names.count(k)) << k;
}

}  // namespace
