// Cross-check against the shared generator: the API pages (q=syp) and the
// reseller sheet of one generated catalog must give, per SKU, exactly
// expected.csv's cost, currency and cba/lug quantities, and agree with each
// other. The generator is independent of this parser, so a wrong parser
// cannot agree with it by accident.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fake_host.hpp"
#include "source.hpp"
#include "tecsync/text/csv.hpp"

namespace fs = std::filesystem;
using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Expected {
  std::string cost, currency, iva, cba, lug;
};

class AirCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(TECSYNC_AIR_GEN_CATALOG)) return;
    dir_ = fs::temp_directory_path() / ("air_catalog_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::string cmd = std::string(TECSYNC_AIR_PYTHON) + " " + TECSYNC_AIR_GEN_CATALOG +
                      " --count 1500 --seed 7 --forms api,sheet --out " + dir_.string();
    generated_ = std::system(cmd.c_str()) == 0;
  }
  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!fs::exists(TECSYNC_AIR_GEN_CATALOG))
      GTEST_SKIP() << TECSYNC_AIR_GEN_CATALOG << " is missing (no /work/shared): cross-check skipped";
    ASSERT_TRUE(generated_) << "gen_catalog.py failed";
    expected_.clear();
    tecsync::text::CsvReader reader(',');
    std::vector<std::string> header;
    auto take = [&](tecsync::text::CsvRecord&& r) {
      if (header.empty()) {
        header = r.fields;
        return true;
      }
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < header.size() && i < r.fields.size(); ++i) row[header[i]] = r.fields[i];
      expected_[row["sku"]] = {row["cost"], row["currency"], row["iva"], row["cba"], row["lug"]};
      return true;
    };
    reader.push(slurp(dir_ / "expected.csv"), take);
    reader.finish(take);
    ASSERT_EQ(expected_.size(), 1500u);
  }

  static inline fs::path dir_;
  static inline bool generated_ = false;
  std::map<std::string, Expected> expected_;
};

std::map<std::string, tecsync::Offer> index(const Collector& c) {
  std::map<std::string, tecsync::Offer> m;
  for (const auto& o : c.offers()) m.emplace(o.sku, o);
  return m;
}

std::map<std::string, tecsync::Offer> read_api(const fs::path& dir, Collector& out, FakeHost& host) {
  host.set("form", "api");
  host.set("url", "http://127.0.0.1:8089/v2/");
  host.set("user", "reseller");
  host.set("password", "pw");
  host.set("warehouse.S_CBA", "cba");
  host.set("warehouse.S_BUE", "lug");
  host.http.route = [&](const tecsync::HttpRequest& r) -> CannedAnswer {
    if (r.url.find("q=login") != std::string::npos) return {200, slurp(dir / "api" / "login.json")};
    int page = std::stoi(r.url.substr(r.url.find("page=") + 5));
    char name[32];
    std::snprintf(name, sizeof name, "syp-%04d.json", page);
    fs::path p = dir / "api" / name;
    return {200, fs::exists(p) ? slurp(p) : "[]"};
  };
  tecsync::air::AirSource source(host.services());
  auto s = source.read(tecsync::Strategy::flash, out);
  EXPECT_TRUE(s) << s.error_class << ": " << s.detail;
  return index(out);
}

std::map<std::string, tecsync::Offer> read_sheet(const fs::path& dir, Collector& out, FakeHost& host) {
  host.set("form", "sheet");
  host.set("url", (dir / "sheet" / "catalog.csv").string());
  tecsync::air::AirSource source(host.services());
  auto s = source.read(tecsync::Strategy::flash, out);
  EXPECT_TRUE(s) << s.error_class << ": " << s.detail;
  return index(out);
}

}  // namespace

TEST_F(AirCatalog, ApiPagesMatchExpected) {
  FakeHost host;
  Collector out;
  out.size = 256;
  auto api = read_api(dir_, out, host);
  for (const auto& r : out.rejects()) ADD_FAILURE() << r.sku << " " << r.code << " " << r.detail;
  ASSERT_EQ(api.size(), expected_.size());
  for (const auto& [sku, e] : expected_) {
    auto it = api.find(sku);
    ASSERT_NE(it, api.end()) << sku;
    const auto& o = it->second;
    ASSERT_TRUE(o.cost) << sku;
    EXPECT_EQ(*o.cost, *tecsync::Decimal::parse(e.cost)) << sku;
    EXPECT_EQ(o.currency, e.currency) << sku;
    EXPECT_EQ(qty(o, "S_CBA"), e.cba) << sku;
    EXPECT_EQ(qty(o, "S_BUE"), e.lug) << sku;
  }
  ASSERT_FALSE(out.facts_seen.empty());
  EXPECT_EQ(out.facts_seen[0].supplier_fx->to_string(2), "1187.50");
}

TEST_F(AirCatalog, SheetMatchesExpectedUsdRows) {
  FakeHost host;
  Collector out;
  auto sheet = read_sheet(dir_, out, host);
  EXPECT_TRUE(out.rejects().empty());
  std::size_t usd = 0;
  for (const auto& [sku, e] : expected_) {
    if (e.currency != "USD") {
      EXPECT_EQ(sheet.count(sku), 0u) << sku;  // ARS rows appear only in the API shape
      continue;
    }
    ++usd;
    auto it = sheet.find(sku);
    ASSERT_NE(it, sheet.end()) << sku;
    const auto& o = it->second;
    ASSERT_TRUE(o.cost) << sku;
    EXPECT_EQ(*o.cost, *tecsync::Decimal::parse(e.cost)) << sku;
    EXPECT_EQ(o.currency, "USD");
    ASSERT_TRUE(o.vat_percent) << sku;
    EXPECT_EQ(*o.vat_percent, *tecsync::Decimal::parse(e.iva)) << sku;
    EXPECT_EQ(qty(o, "S_CBA"), e.cba) << sku;
    EXPECT_EQ(qty(o, "S_BUE"), e.lug) << sku;  // BS AS is 0 in the sheet: LUG is used
  }
  EXPECT_EQ(sheet.size(), usd);
  ASSERT_FALSE(out.facts_seen.empty());
  ASSERT_TRUE(out.facts_seen[0].list_time);  // FECHA 18/02/2026 15:30 ART
  using namespace std::chrono;
  EXPECT_EQ(*out.facts_seen[0].list_time, sys_seconds(sys_days{2026y / February / 18} + 18h + 30min));
}

TEST_F(AirCatalog, ApiAndSheetAgreeOnUsdRows) {
  FakeHost h1, h2;
  Collector o1, o2;
  auto api = read_api(dir_, o1, h1);
  auto sheet = read_sheet(dir_, o2, h2);
  ASSERT_FALSE(sheet.empty());
  for (const auto& [sku, s] : sheet) {
    auto it = api.find(sku);
    ASSERT_NE(it, api.end()) << sku;
    EXPECT_EQ(it->second.cost, s.cost) << sku;
    EXPECT_EQ(it->second.currency, s.currency) << sku;
    EXPECT_EQ(qty(it->second, "S_CBA"), qty(s, "S_CBA")) << sku;
    EXPECT_EQ(qty(it->second, "S_BUE"), qty(s, "S_BUE")) << sku;
  }
}
