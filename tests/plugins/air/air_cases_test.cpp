// The sheet-shaped acceptance cases of /work/shared/cases, read by the real
// plugin class from their exact bytes: the parsed values and row outcomes the
// cases' expected.md state. (The full runs against PostgreSQL are integration
// tests.) Skipped when the shared cases are not present.
#include <gtest/gtest.h>

#include <filesystem>

#include "fake_host.hpp"
#include "source.hpp"

namespace fs = std::filesystem;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;

namespace {

struct Run {
  FakeHost host;
  Collector out;
  tecsync::Status status;
  std::map<std::string, std::string> offers;  // sku → "cost cba bue warnings…"
  std::vector<std::string> rejects;           // "line CODE sku"
  std::vector<std::string> row_warnings;      // dropped repeats: "line CODE sku"
};

std::unique_ptr<Run> run_case(const std::string& case_dir, const std::string& file) {
  auto r = std::make_unique<Run>();
  r->host.set("form", "sheet");
  r->host.set("url", (fs::path(TECSYNC_AIR_CASES) / case_dir / file).string());
  tecsync::air::AirSource source(r->host.services());
  r->status = source.read(tecsync::Strategy::flash, r->out);
  for (const auto& o : r->out.offers()) {
    std::string s = (o.cost ? o.cost->to_string(2) : "-") + " " + qty(o, "S_CBA") + " " + qty(o, "S_BUE");
    for (const auto& w : o.warnings) s += " " + w.code;
    r->offers[o.sku] = s;
  }
  for (const auto& x : r->out.rejects())
    r->rejects.push_back(std::to_string(x.origin.line) + " " + x.code + " " + x.sku);
  for (const auto& x : r->out.warnings())
    r->row_warnings.push_back(std::to_string(x.origin.line) + " " + x.code + " " + x.sku);
  return r;
}

class AirCases : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(TECSYNC_AIR_CASES)) GTEST_SKIP() << TECSYNC_AIR_CASES << " is missing: cases skipped";
  }
};

using M = std::map<std::string, std::string>;
using V = std::vector<std::string>;

}  // namespace

TEST_F(AirCases, Case001Utf8Bom) {
  auto r = run_case("001-utf8-bom-header", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers, (M{{"AX-1001", "4.85 12 30"}, {"AX-1002", "11.20 0 7"}, {"AX-1003", "17.90 25 4"}}));
}

TEST_F(AirCases, Case002Latin1) {
  auto r = run_case("002-latin1-descripcion-header", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers,
            (M{{"BX-2001", "3.10 40 15"}, {"BX-2002", "6.75 8 0"}, {"BX-2003", "19.40 3 9"}, {"BX-2004", "2.05 0 0"}}));
  EXPECT_TRUE(r->host.pulses.pulses.empty());
}

TEST_F(AirCases, Case003SemicolonDecimalComma) {
  auto r = run_case("003-semicolon-decimal-comma", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(
      r->offers,
      (M{{"CX-3001", "24.90 6 11"}, {"CX-3002", "38.50 2 0"}, {"CX-3003", "4.20 50 120"}, {"CX-3004", "7.95 9 3"}}));
}

TEST_F(AirCases, Case005ScientificSku) {
  auto r = run_case("005-excel-scientific-sku", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers, (M{{"12E4", "16.30 14 2"}, {"EX-5001", "52.75 1 3"}}));
  EXPECT_EQ(r->rejects, (V{"2 MANGLED_SKU 1.23457E+11"}));
}

TEST_F(AirCases, Case007Duplicates) {
  auto r = run_case("007-duplicate-codprov", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers, (M{{"FX-6001", "29.00 4 6"}, {"FX-6003", "2.30 80 40"}}));
  EXPECT_EQ(r->rejects, (V{"3 DUPLICATE_CONFLICT FX-6002", "5 DUPLICATE_CONFLICT FX-6002"}));
  EXPECT_EQ(r->row_warnings, (V{"4 DUPLICATE_IDENTICAL FX-6001"}));
}

TEST_F(AirCases, Case008BlankAndPaddedSku) {
  auto r = run_case("008-blank-whitespace-sku", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(
      r->offers,
      (M{{"GX-7001", "5.60 20 20"}, {"KIT 01", "13.90 7 1"}, {"GX-7003", "6.20 15 3"}, {"GX-7004", "3.20 40 0"}}));
  EXPECT_EQ(r->rejects, (V{"4 BLANK_SKU ", "5 BLANK_SKU "}));
}

TEST_F(AirCases, Case009StockText) {
  auto r = run_case("009-non-numeric-stock", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers, (M{{"HX-8001", "12.00 10 5 STOCK_LOWER_BOUND"},
                          {"HX-8002", "7.50 0 50 STOCK_TEXT STOCK_LOWER_BOUND"},
                          {"HX-8003", "3.25 0 0"},
                          {"HX-8004", "99.00 0 0"},
                          {"HX-8005", "15.00 3 2"}}));
}

TEST_F(AirCases, Case015EmptyFeeds) {
  for (const char* f : {"empty.csv", "header_only.csv", "header_blank_rows.csv"}) {
    auto r = run_case("015-empty-and-header-only", f);
    EXPECT_EQ(r->status.error_class, "FeedEmpty") << f;
    EXPECT_TRUE(r->rejects.empty()) << f;
  }
}

TEST_F(AirCases, Case016Columns) {
  for (const char* f : {"feed_a.csv", "feed_a2.csv"}) {
    auto r = run_case("016-columns-renamed-reordered", f);
    ASSERT_TRUE(r->status) << f << ": " << r->status.detail;
    EXPECT_EQ(r->offers, (M{{"RN-1501", "88.40 2 6"}, {"RN-1502", "31.00 5 0"}})) << f;
  }
  auto a = run_case("016-columns-renamed-reordered", "feed_a.csv");
  ASSERT_EQ(a->host.pulses.pulses.size(), 1u);
  EXPECT_NE(a->host.pulses.pulses[0].text.find("OBSERVACIONES"), std::string::npos);
  auto b = run_case("016-columns-renamed-reordered", "feed_b.csv");
  EXPECT_EQ(b->status.error_class, "FeedSchemaError");
  EXPECT_NE(b->status.detail.find("PRECIO USD"), std::string::npos);
  auto c = run_case("016-columns-renamed-reordered", "feed_c.csv");
  EXPECT_EQ(c->status.error_class, "FeedSchemaError");
  EXPECT_TRUE(c->out.batches.empty());
}

TEST_F(AirCases, Case017NoPrice) {
  auto r = run_case("017-price-zero-or-missing", "feed.csv");
  ASSERT_TRUE(r->status) << r->status.detail;
  EXPECT_EQ(r->offers, (M{{"PZ-1601", "- 3 3 NO_PRICE"},
                          {"PZ-1602", "- 0 4 NO_PRICE"},
                          {"PZ-1603", "- 2 0 NO_PRICE"},
                          {"PZ-1604", "- 100 50 NO_PRICE"},
                          {"PZ-1605", "45.10 6 6"}}));
}
