// json_feed: paging, paths, exact numbers, auth and feed failures, on the
// invented supplier's pages and small inline ones, over a fake HTTP client.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "fake_host.hpp"
#include "json_source.hpp"

namespace {

using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;
using tecsync::feeds::JsonFeedSource;

std::string fixture(const std::string& rel) {
  std::ifstream in(std::string(TECSYNC_FEEDS_FIXTURES "/nortedata/") + rel, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The keys of configs/conf.d/nortedata.conf's [source.nortedata].
void nortedata_keys(FakeHost& h) {
  h.set("url", "http://nd.test/api/v1/productos");
  h.set("auth", "bearer");
  h.set("token", "n0rte");
  h.set("items_path", "/resultado/productos");
  h.set("paging", "cursor");
  h.set("next_path", "/paginacion/siguiente");
  h.set("field.sku", "/codigo");
  h.set("field.cost", "/precio/neto");
  h.set("decimal_mark", ",");
  h.set("field.currency", "/precio/moneda");
  h.set("currency_map.U$S", "USD");
  h.set("currency_map.$", "ARS");
  h.set("field.vat", "/iva");
  h.set("field.observed_at", "/actualizado");
  h.set("datetime_format", "iso");
  h.set("stock.N_ROS", "/depositos[nombre=Rosario]/disponible");
  h.set("stock.N_MZA", "/depositos[nombre=Mendoza]/disponible");
  h.set("stock_text.a pedido", "0");
}

CannedAnswer nortedata_server(const tecsync::HttpRequest& r) {
  bool authorized = false;
  for (const auto& [k, v] : r.headers) authorized = authorized || (k == "Authorization" && v == "Bearer n0rte");
  if (!authorized) return {401, "{\"error\": \"token invalido\"}"};
  if (r.url == "http://nd.test/api/v1/productos") return {200, fixture("api/productos-first.json")};
  if (r.url == "http://nd.test/api/v1/productos?cursor=p2") return {200, fixture("api/productos-p2.json")};
  if (r.url == "http://nd.test/api/v1/productos?cursor=p3") return {200, fixture("api/productos-p3.json")};
  return {404, "{}"};
}

bool has_warning(const tecsync::Offer& o, const std::string& code) {
  for (const auto& w : o.warnings)
    if (w.code == code) return true;
  return false;
}

TEST(JsonFeed, NortedataCursorPagesNestedWarehousesDecimalCommas) {
  FakeHost h;
  nortedata_keys(h);
  h.http.route = nortedata_server;
  JsonFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  ASSERT_TRUE(s.is_ok()) << s.error_class << ": " << s.detail;
  ASSERT_EQ(h.http.requests.size(), 3u);
  EXPECT_EQ(h.http.requests[1].url, "http://nd.test/api/v1/productos?cursor=p2");
  auto offers = out.offers();
  ASSERT_EQ(offers.size(), 6u);
  EXPECT_EQ(offers[0].sku, "ND-1001");
  EXPECT_EQ(offers[0].cost->to_string(2), "1234.50");
  EXPECT_EQ(offers[0].currency, "USD");
  EXPECT_EQ(qty(offers[0], "N_ROS"), "12");
  EXPECT_EQ(qty(offers[0], "N_MZA"), "0");
  // 2026-11-28 09:00 at -03:00 = 12:00 UTC
  EXPECT_EQ(offers[0].observed_at.time_since_epoch().count() % 86400, 12 * 3600);
  EXPECT_EQ(offers[1].currency, "ARS");
  EXPECT_EQ(qty(offers[1], "N_ROS"), "50");  // filter finds Rosario in any position
  EXPECT_TRUE(has_warning(offers[1], "STOCK_LOWER_BOUND"));
  EXPECT_EQ(offers[2].cost->to_string(2), "45.50");  // a JSON number, exact
  EXPECT_EQ(offers[2].vat_percent->to_string(1), "10.5");
  EXPECT_TRUE(has_warning(offers[2], "STOCK_TEXT"));
  EXPECT_EQ(qty(offers[2], "N_MZA"), "7");
  EXPECT_EQ(offers[3].cost->to_string(2), "2100.00");
  EXPECT_TRUE(has_warning(offers[3], "STOCK_MISSING"));  // no Mendoza entry
  EXPECT_TRUE(has_warning(offers[4], "NO_PRICE"));
  EXPECT_EQ(offers[5].sku, "ND-3001");
  EXPECT_TRUE(offers[5].warnings.empty()) << "'a pedido' is mapped by stock_text";
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].code, "BLANK_SKU");
  EXPECT_EQ(rejects[0].origin.resource, "http://nd.test/api/v1/productos?cursor=p2");
  EXPECT_EQ(rejects[0].origin.line, 3u);
}

TEST(JsonFeed, BearerTokenSentOnEveryPageAndRefusalNamed) {
  FakeHost h;
  nortedata_keys(h);
  h.http.route = nortedata_server;
  JsonFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  for (const auto& r : h.http.requests) {
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0].second, "Bearer n0rte");
  }
  FakeHost wrong;
  nortedata_keys(wrong);
  wrong.config.erase("token");
  wrong.set("token", "vieja");
  wrong.http.route = nortedata_server;
  JsonFeedSource src2(wrong.services());
  Collector out2;
  auto s = src2.read(tecsync::Strategy::flash, out2);
  EXPECT_EQ(s.error_class, "FeedTransportError.HttpStatus");
  EXPECT_NE(s.detail.find("HTTP 401"), std::string::npos);
  EXPECT_NE(s.detail.find("login refused"), std::string::npos);
}

// `count` items of page `page` of a catalog of `total`, `[{"sku": "S<n>", …}]`.
std::string items(std::size_t first, std::size_t count) {
  std::string s = "{\"data\": {\"items\": [";
  for (std::size_t i = 0; i < count; ++i)
    s += std::string(i ? "," : "") + "{\"sku\": \"S" + std::to_string(first + i) + "\", \"cost\": 1.5, \"qty\": 2}";
  return s + "]}}";
}

void paged_keys(FakeHost& h, const char* paging) {
  h.set("url", "http://api.test/items?lang=es");
  h.set("paging", paging);
  h.set("items_path", "/data/items");
  h.set("field.sku", "/sku");
  h.set("field.cost", "/cost");
  h.set("currency", "USD");
  h.set("stock.W1", "/qty");
}

TEST(JsonFeed, PagePagingStopsAtAShortPage) {
  FakeHost h;
  paged_keys(h, "page");
  h.set("page_size_param", "per_page");
  h.set("page_size", "2");
  h.http.route = [](const tecsync::HttpRequest& r) -> CannedAnswer {
    if (r.url == "http://api.test/items?lang=es&per_page=2&page=1") return {200, items(0, 2)};
    if (r.url == "http://api.test/items?lang=es&per_page=2&page=2") return {200, items(2, 2)};
    if (r.url == "http://api.test/items?lang=es&per_page=2&page=3") return {200, items(4, 1)};
    return {404, r.url};
  };
  JsonFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  ASSERT_TRUE(s.is_ok()) << s.detail;
  EXPECT_EQ(h.http.requests.size(), 3u);
  EXPECT_EQ(out.offers().size(), 5u);
  EXPECT_EQ(out.offers()[4].sku, "S4");
}

TEST(JsonFeed, OffsetPagingStopsAtAnEmptyPage) {
  FakeHost h;
  paged_keys(h, "offset");
  h.http.route = [](const tecsync::HttpRequest& r) -> CannedAnswer {
    if (r.url == "http://api.test/items?lang=es&offset=0") return {200, items(0, 3)};
    if (r.url == "http://api.test/items?lang=es&offset=3") return {200, items(3, 3)};
    if (r.url == "http://api.test/items?lang=es&offset=6") return {200, items(6, 0)};
    return {404, r.url};
  };
  JsonFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  ASSERT_TRUE(s.is_ok()) << s.detail;
  EXPECT_EQ(out.offers().size(), 6u);
  EXPECT_EQ(h.http.requests.size(), 3u);
}

TEST(JsonFeed, MaxPagesStopsALoopingServer) {
  FakeHost h;
  paged_keys(h, "page");
  h.set("max_pages", "4");
  std::size_t n = 0;
  h.http.route = [&](const tecsync::HttpRequest&) -> CannedAnswer { return {200, items(n++, 1)}; };
  JsonFeedSource src(h.services());
  Collector out;
  auto s = src.read(tecsync::Strategy::flash, out);
  EXPECT_EQ(s.error_class, "FeedFormatError");
  EXPECT_NE(s.detail.find("max_pages = 4"), std::string::npos);
  EXPECT_EQ(h.http.requests.size(), 4u);
}

TEST(JsonFeed, ExactNumbersAndMangledSku) {
  FakeHost h;
  paged_keys(h, "none");
  h.http.route = [](const tecsync::HttpRequest&) -> CannedAnswer {
    return {200, R"({"data": {"items": [
      {"sku": 12345, "cost": 0.1, "qty": 3},
      {"sku": 1.2e11, "cost": 1, "qty": 1},
      {"sku": "A", "cost": "2.100", "qty": "2.100"},
      {"sku": "B", "cost": 19.999999, "qty": -4},
      7]}})"};
  };
  JsonFeedSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(tecsync::Strategy::flash, out).is_ok());
  auto offers = out.offers();
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].sku, "12345");
  EXPECT_EQ(offers[0].cost->to_string(6), "0.100000");
  EXPECT_EQ(offers[1].cost->to_string(6), "19.999999");
  EXPECT_EQ(qty(offers[1], "W1"), "0");
  EXPECT_TRUE(has_warning(offers[1], "NEGATIVE_STOCK"));
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0].code, "MANGLED_SKU");
  EXPECT_EQ(rejects[1].code, "AMBIGUOUS_NUMBER");  // a string with no declared mark
  EXPECT_EQ(rejects[2].code, "BAD_ROW");
  EXPECT_EQ(rejects[2].origin.line, 5u);
}

TEST(JsonFeed, FeedFailures) {
  struct Case {
    long status;
    const char* body;
    const char* klass;
  };
  for (auto c : {Case{200, "<html><body>Mantenimiento</body></html>", "FeedFormatError"},
                 Case{200, "{\"data\": {\"items\": [ {\"sku\": \"A\"", "FeedFormatError"},
                 Case{200, "{\"data\": {}}", "FeedSchemaError"}, Case{200, "{\"data\": {\"items\": []}}", "FeedEmpty"},
                 Case{500, "oops", "FeedTransportError.HttpStatus"}}) {
    FakeHost h;
    paged_keys(h, "none");
    h.http.route = [&](const tecsync::HttpRequest&) -> CannedAnswer { return {c.status, c.body}; };
    JsonFeedSource src(h.services());
    Collector out;
    EXPECT_EQ(src.read(tecsync::Strategy::flash, out).error_class, c.klass) << c.body;
    EXPECT_TRUE(out.offers().empty()) << c.body;
  }
}

TEST(JsonFeed, CheckFetchesTheFirstPageOnly) {
  FakeHost h;
  nortedata_keys(h);
  h.http.route = nortedata_server;
  JsonFeedSource src(h.services());
  std::vector<tecsync::ReportItem> report;
  ASSERT_TRUE(src.check(report).is_ok());
  EXPECT_EQ(h.http.requests.size(), 1u);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_NE(report[0].what.find("authenticated"), std::string::npos);
  EXPECT_NE(report[0].what.find("3 items on the first page"), std::string::npos) << report[0].what;
}

TEST(JsonFeed, ConfigErrorsNameTheKey) {
  auto message = [](const std::function<void(FakeHost&)>& fill) {
    FakeHost h;
    nortedata_keys(h);
    fill(h);
    try {
      JsonFeedSource src(h.services());
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([](FakeHost&) {}), "no error");
  EXPECT_NE(message([](FakeHost& h) { h.config.erase("next_path"); }).find("'next_path'"), std::string::npos);
  EXPECT_NE(message([](FakeHost& h) { h.set("stock.N_BAD", "depositos/0"); }).find("'stock.N_BAD'"), std::string::npos);
  EXPECT_NE(message([](FakeHost& h) { h.set("stock.N_BAD", "/depositos[nombre]/x"); }).find("[key=value]"),
            std::string::npos);
  EXPECT_NE(message([](FakeHost& h) {
              h.config.erase("url");
              h.set("url", "/var/lib/feed.json");
            }).find("'url'"),
            std::string::npos);
}

}  // namespace
