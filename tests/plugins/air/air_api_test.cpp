// The API form against canned pages served from memory: login, paging, the
// request shapes, re-login on 401, error pages, item rules and de-duplication.
// (Real HTTP end to end is covered by tests/integration.)
#include <gtest/gtest.h>

#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "fake_host.hpp"
#include "offer_stream.hpp"
#include "source.hpp"

using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using air_test::qty;
using tecsync::HttpRequest;
using tecsync::Strategy;

namespace {

const std::string kBase = "http://127.0.0.1:8089/v2/";

std::string item(const std::string& code, const std::string& price, const std::string& moneda, int cba, int lug,
                 const std::string& iva = "21") {
  return R"({"codigo":")" + code + R"(","precio":")" + price + R"(","moneda":")" + moneda +
         R"(","impuesto_iva":{"alicuota":)" + iva + R"(},"cba":{"name":"CBA","fisico":9,"disponible":)" +
         std::to_string(cba) + R"(,"entrante":0},"lug":{"name":"LUG","disponible":)" + std::to_string(lug) +
         R"(},"ros":{"disponible":77}})";
}

std::string page_of(const std::vector<std::string>& items) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + items[i];
  return s + "]";
}

std::string query_value(const std::string& url, const std::string& key) {
  auto p = url.find(key + "=");
  if (p == std::string::npos) return "";
  auto e = url.find('&', p);
  return url.substr(p + key.size() + 1, e == std::string::npos ? std::string::npos : e - p - key.size() - 1);
}

/// A fake Air API: login → token "t<n>", pages from `pages`, then `[]`.
struct FakeAir {
  std::vector<std::string> pages;
  int logins = 0;
  std::function<std::optional<CannedAnswer>(const HttpRequest&, int page)> override_page;

  CannedAnswer operator()(const HttpRequest& r) {
    if (query_value(r.url, "q") == "login") {
      ++logins;
      return {200, R"({"token":"t)" + std::to_string(logins) + R"(","cotiza":"1187.50"})"};
    }
    int n = std::stoi(query_value(r.url, "page"));
    if (override_page)
      if (auto a = override_page(r, n)) return *a;
    return {200, n < static_cast<int>(pages.size()) ? pages[n] : "[]"};
  }
};

struct ApiRun {
  FakeHost host;
  FakeAir air;
  Collector out;
  tecsync::Status status;

  ApiRun() {
    host.set("plugin", "air");
    host.set("form", "api");
    host.set("url", kBase);
    host.set("user", "reseller");
    host.set("password", "s3cr&t");
    host.set("warehouse.S_CBA", "cba");
    host.set("warehouse.S_BUE", "lug");
  }
  void run() {
    host.http.route = [this](const HttpRequest& r) { return air(r); };
    tecsync::air::AirSource source(host.services());
    status = source.read(Strategy::flash, out);
  }
};

}  // namespace

TEST(AirApi, LoginThenPagesFromZeroUntilEmpty) {
  ApiRun t;
  t.air.pages = {page_of({item("000123", "21.50", "DOL", 4, 0), item("AX1", "7.95", "DOL", 2, 3)}),
                 page_of({item("4567", "1187.50", "PES", 0, 1, "10.5")})};
  t.run();
  ASSERT_TRUE(t.status) << t.status.detail;
  auto& reqs = t.host.http.requests;
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(reqs[0].method, "GET");
  EXPECT_EQ(reqs[0].url, kBase + "?q=login&user=reseller&pass=s3cr%26t");
  for (int p = 0; p < 3; ++p) {
    const auto& r = reqs[p + 1];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, kBase + "?q=syp&page=" + std::to_string(p));
    EXPECT_EQ(r.body, "{}");
    std::map<std::string, std::string> h(r.headers.begin(), r.headers.end());
    EXPECT_EQ(h["Authorization"], "Bearer t1");
    EXPECT_EQ(h["Content-Type"], "application/json");
  }
  auto offers = t.out.offers();
  ASSERT_EQ(offers.size(), 3u);
  EXPECT_EQ(offers[0].sku, "000123");
  EXPECT_EQ(offers[0].cost->to_string(2), "21.50");
  EXPECT_EQ(offers[0].currency, "USD");
  EXPECT_EQ(offers[0].vat_percent->to_string(1), "21.0");
  EXPECT_EQ(qty(offers[0], "S_CBA"), "4");
  EXPECT_EQ(qty(offers[0], "S_BUE"), "0");
  EXPECT_EQ(offers[0].stock.size(), 2u);  // unmapped warehouses (ros) are dropped
  EXPECT_EQ(offers[0].origin.resource, kBase + "?q=syp&page=0");
  EXPECT_EQ(offers[1].origin.line, 2u);
  EXPECT_EQ(offers[2].currency, "ARS");
  EXPECT_EQ(offers[2].vat_percent->to_string(1), "10.5");
  EXPECT_EQ(offers[2].origin.resource, kBase + "?q=syp&page=1");
  // Facts (cotiza) came before the first batch.
  ASSERT_GE(t.out.facts_before_first_batch, 1u);
  EXPECT_EQ(t.out.facts_seen[0].supplier_fx->to_string(2), "1187.50");
  EXPECT_EQ(t.out.facts_seen[0].fx_base, "USD");
  EXPECT_EQ(t.out.facts_seen[0].fx_quote, "ARS");
  EXPECT_TRUE(t.out.rejects().empty());
}

TEST(AirApi, ArticulosQueryIsAccepted) {
  ApiRun t;
  t.host.set("query", "articulos");
  t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)})};
  t.run();
  ASSERT_TRUE(t.status) << t.status.detail;
  EXPECT_EQ(t.host.http.requests[1].url, kBase + "?q=articulos&page=0");
}

TEST(AirApi, BatchesAreBoundedByBatchSize) {
  ApiRun t;
  std::vector<std::string> items;
  for (int i = 0; i < 25; ++i) items.push_back(item("S" + std::to_string(i), "1.00", "DOL", 1, 1));
  t.air.pages = {page_of(items)};
  t.out.size = 7;
  t.run();
  ASSERT_TRUE(t.status);
  for (const auto& b : t.out.batches) EXPECT_LE(b.offers.size(), 7u);
  EXPECT_EQ(t.out.offers().size(), 25u);
  EXPECT_EQ(t.out.batches.size(), 4u);
}

TEST(AirApi, ExpiredTokenLogsInAgainOnceAndRetriesThePage) {
  ApiRun t;
  t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)}), page_of({item("A2", "2.00", "DOL", 1, 1)})};
  bool expired = false;
  t.air.override_page = [&](const HttpRequest& r, int page) -> std::optional<CannedAnswer> {
    if (page == 1 && !expired) {
      expired = true;
      EXPECT_EQ(r.headers[0].second, "Bearer t1");
      return CannedAnswer{401, R"({"error_id":401,"error_name":"Unauthorized"})"};
    }
    return std::nullopt;
  };
  t.run();
  ASSERT_TRUE(t.status) << t.status.detail;
  EXPECT_EQ(t.air.logins, 2);
  auto& reqs = t.host.http.requests;
  // login, page0, page1 (401), login, page1, page2
  ASSERT_EQ(reqs.size(), 6u);
  EXPECT_EQ(query_value(reqs[3].url, "q"), "login");
  EXPECT_EQ(reqs[4].url, kBase + "?q=syp&page=1");
  EXPECT_EQ(reqs[4].headers[0].second, "Bearer t2");
  EXPECT_EQ(t.out.offers().size(), 2u);
}

TEST(AirApi, SecondUnauthorizedFails) {
  ApiRun t;
  t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)})};
  t.air.override_page = [](const HttpRequest&, int page) -> std::optional<CannedAnswer> {
    if (page == 1) return CannedAnswer{401, ""};
    return std::nullopt;
  };
  t.run();
  EXPECT_EQ(t.status.outcome, tecsync::Outcome::failed);
  EXPECT_EQ(t.status.area, tecsync::FailureArea::api);
  EXPECT_EQ(t.status.error_class, "FeedTransportError.HttpStatus");
  EXPECT_NE(t.status.detail.find("page 1"), std::string::npos);
  EXPECT_NE(t.status.detail.find(kBase + "?q=syp&page=1"), std::string::npos);
  EXPECT_EQ(t.air.logins, 2);
}

TEST(AirApi, OtherHttpStatusFailsNamingUrlAndPage) {
  ApiRun t;
  t.air.override_page = [](const HttpRequest&, int page) -> std::optional<CannedAnswer> {
    if (page == 0) return CannedAnswer{500, "<html>oops</html>"};
    return std::nullopt;
  };
  t.run();
  EXPECT_EQ(t.status.error_class, "FeedTransportError.HttpStatus");
  EXPECT_NE(t.status.detail.find("HTTP 500"), std::string::npos);
  EXPECT_NE(t.status.detail.find("page 0"), std::string::npos);
}

TEST(AirApi, PasswordNeverAppearsInMessages) {
  ApiRun t;
  t.host.http.route = nullptr;
  t.air.pages = {};
  t.host.http.route = [](const HttpRequest&) { return CannedAnswer{503, ""}; };
  tecsync::air::AirSource source(t.host.services());
  auto s = source.read(Strategy::flash, t.out);
  EXPECT_FALSE(s);
  EXPECT_EQ(s.detail.find("s3cr"), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("login"), std::string::npos);
}

TEST(AirApi, NonArrayPagesAreFormatErrorsNeverEndOfCatalog) {
  const std::vector<std::string> bad = {
      "<html><body>Service unavailable</body></html>",
      R"([{"codigo":"A1","precio":<br />
<b>Notice</b>:  Undefined property: stdClass::$x in /srv/api.php on line <b>54</b><br />
"1.00","moneda":"DOL"}])",
      R"([{"codigo":"A1","precio":"1.00","moneda":"DOL"},])",
      R"([{"codigo":"A1"}] trailing)",
      R"([{"codigo":"A1","precio":"1.00")",
      "",
      R"({"items":[]})",
  };
  for (const auto& body : bad) {
    ApiRun t;
    t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)}), body};
    t.run();
    EXPECT_EQ(t.status.outcome, tecsync::Outcome::failed) << body;
    EXPECT_EQ(t.status.error_class, "FeedFormatError") << body;
    EXPECT_EQ(t.status.area, tecsync::FailureArea::feed);
    EXPECT_NE(t.status.detail.find("page 1"), std::string::npos) << t.status.detail;
  }
}

TEST(AirApi, AirErrorObjectIsAnApiError) {
  ApiRun t;
  t.air.override_page = [](const HttpRequest&, int) -> std::optional<CannedAnswer> {
    return CannedAnswer{200, R"({"error_id":403,"error_name":"Too many queries","error_detail":"wait"})"};
  };
  t.run();
  EXPECT_EQ(t.status.area, tecsync::FailureArea::api);
  EXPECT_EQ(t.status.error_class, "FeedTransportError.ApiError");
  EXPECT_NE(t.status.detail.find("403 Too many queries"), std::string::npos) << t.status.detail;
  EXPECT_NE(t.status.detail.find("page 0"), std::string::npos);
}

TEST(AirApi, EmptyFirstPageIsFeedEmpty) {
  ApiRun t;
  t.run();
  EXPECT_EQ(t.status.error_class, "FeedEmpty");
}

TEST(AirApi, TransportFailureOfAPageIsPassedOn) {
  ApiRun t;
  t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)})};
  t.air.override_page = [](const HttpRequest& r, int page) -> std::optional<CannedAnswer> {
    if (page == 0)
      return CannedAnswer{200, "[",
                          tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.Incomplete", r.url)};
    return std::nullopt;
  };
  t.run();
  EXPECT_EQ(t.status.error_class, "FeedTransportError.Incomplete");
  EXPECT_NE(t.status.detail.find("page 0"), std::string::npos);
}

TEST(AirApi, ItemRules) {
  ApiRun t;
  t.air.pages = {page_of({
      R"({"codigo":4567,"precio":7.95,"moneda":"DOL","cba":{"disponible":"2"},"lug":{"disponible":null}})",
      R"({"codigo":1.2e11,"precio":"30","moneda":"DOL","cba":{"disponible":1},"lug":{"disponible":1}})",
      R"({"codigo":" ","precio":"30","moneda":"DOL"})",
      R"({"codigo":"417.0","precio":"30","moneda":"DOL"})",
      R"({"codigo":"EU1","precio":"30","moneda":"EUR","cba":{"disponible":1},"lug":{"disponible":1}})",
      R"({"codigo":"NP1","precio":"0.00","moneda":"DOL","cba":{"disponible":">10"},"lug":{"disponible":-2}})",
      R"({"codigo":"NP2","moneda":"DOL","cba":{"disponible":"Consultar"}})",
      R"({"codigo":"BAD1","precio":"abc","moneda":"DOL"})",
      R"({"codigo":"BIG","precio":"2000000","moneda":"DOL"})",
      R"({"codigo":"VAT","precio":"1","moneda":"DOL","impuesto_iva":{"alicuota":19}})",
      R"("not an object")",
  })};
  t.run();
  ASSERT_TRUE(t.status) << t.status.detail;
  auto offers = t.out.offers();
  std::map<std::string, tecsync::Offer> by;
  for (auto& o : offers) by[o.sku] = o;
  ASSERT_EQ(by.count("4567"), 1u);
  EXPECT_EQ(by["4567"].cost->to_string(2), "7.95");
  EXPECT_EQ(qty(by["4567"], "S_CBA"), "2");
  EXPECT_EQ(qty(by["4567"], "S_BUE"), "0");
  EXPECT_TRUE(by["4567"].warnings.empty());
  ASSERT_EQ(by.count("NP1"), 1u);
  EXPECT_FALSE(by["NP1"].cost);
  EXPECT_EQ(qty(by["NP1"], "S_CBA"), "10");
  EXPECT_EQ(qty(by["NP1"], "S_BUE"), "0");
  std::vector<std::string> codes;
  for (const auto& w : by["NP1"].warnings) codes.push_back(w.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"NO_PRICE", "STOCK_LOWER_BOUND", "NEGATIVE_STOCK"}));
  codes.clear();
  for (const auto& w : by["NP2"].warnings) codes.push_back(w.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"NO_PRICE", "STOCK_TEXT", "STOCK_MISSING"}));
  EXPECT_EQ(offers.size(), 3u);

  std::map<std::uint64_t, std::string> rejects;
  for (const auto& r : t.out.rejects()) rejects[r.origin.line] = r.code + " " + r.sku;
  EXPECT_EQ(rejects[2], "MANGLED_SKU 120000000000.0");
  EXPECT_EQ(rejects[3], "BLANK_SKU ");
  EXPECT_EQ(rejects[4], "MANGLED_SKU 417.0");
  EXPECT_EQ(rejects[5], "UNKNOWN_CURRENCY EU1");
  EXPECT_EQ(rejects[8], "BAD_NUMBER BAD1");
  EXPECT_EQ(rejects[9], "OUT_OF_RANGE BIG");
  EXPECT_EQ(rejects[10], "OUT_OF_RANGE VAT");
  EXPECT_EQ(rejects[11], "BAD_ROW ");
  EXPECT_EQ(rejects.size(), 8u);
}

TEST(AirApi, DuplicatesAcrossPages) {
  ApiRun t;
  t.out.size = 2;  // the first copies have left in earlier batches
  t.air.pages = {page_of({item("FX-6001", "29.00", "DOL", 4, 6), item("FX-6002", "12.50", "DOL", 10, 10),
                          item("FX-6003", "2.30", "DOL", 80, 40)}),
                 page_of({item("FX-6001", "29.00", "DOL", 4, 6), item("FX-6002", "13.10", "DOL", 10, 0),
                          item("FX-6002", "12.50", "DOL", 10, 10)})};
  t.run();
  ASSERT_TRUE(t.status);
  std::vector<std::string> got;
  for (const auto& r : t.out.rejects())
    got.push_back(r.code + " " + r.sku + " " + query_value(r.origin.resource, "page") + ":" +
                  std::to_string(r.origin.line));
  ASSERT_EQ(t.out.warnings().size(), 1u);
  EXPECT_EQ(t.out.warnings()[0].code, "DUPLICATE_IDENTICAL");
  EXPECT_EQ(query_value(t.out.warnings()[0].origin.resource, "page"), "1");
  EXPECT_EQ(got, (std::vector<std::string>{
                     "DUPLICATE_CONFLICT FX-6002 0:2",  // the first row too: no row is preferred
                     "DUPLICATE_CONFLICT FX-6002 1:2",
                     "DUPLICATE_CONFLICT FX-6002 1:3",
                 }));
  auto conflict = t.out.rejects()[0];
  EXPECT_NE(conflict.detail.find("cost 12.5 vs 13.1"), std::string::npos) << conflict.detail;
  EXPECT_NE(conflict.detail.find("S_BUE 10 vs 0"), std::string::npos) << conflict.detail;
}

TEST(AirApi, ConflictWithinOneBatchTakesTheFirstOfferBack) {
  ApiRun t;
  t.air.pages = {page_of({item("D1", "1.00", "DOL", 1, 1), item("D1", "2.00", "DOL", 1, 1)})};
  t.run();
  ASSERT_TRUE(t.status);
  EXPECT_TRUE(t.out.offers().empty());
  EXPECT_EQ(t.out.rejects().size(), 2u);
}

TEST(AirApi, CancellationStopsBetweenPages) {
  ApiRun t;
  t.air.pages = {page_of({item("A1", "1.00", "DOL", 1, 1)})};
  t.host.cancel.set = true;
  t.run();
  EXPECT_EQ(t.status.outcome, tecsync::Outcome::skipped);
  EXPECT_EQ(t.status.error_class, "Cancelled");
}

TEST(AirApi, BadConfigIsRefusedAtConstruction) {
  FakeHost host;
  host.set("form", "api");
  host.set("url", kBase);
  EXPECT_THROW(tecsync::air::AirSource{host.services()}, std::invalid_argument);  // no user
  FakeHost h2;
  h2.set("form", "xml");
  h2.set("url", kBase);
  EXPECT_THROW(tecsync::air::AirSource{h2.services()}, std::invalid_argument);
}

// The SKU table grows (open addressing, rehashed as it fills): duplicates of
// SKUs added long before, across many growths, are still found and worded as
// with a handful of SKUs.
TEST(AirApi, DuplicatesAreFoundAmongManySkus) {
  Collector out;
  tecsync::air::OfferStream stream(out);
  auto offer = [](const std::string& sku, const char* cost, std::uint64_t line) {
    tecsync::Offer o;
    o.sku = sku;
    o.cost = tecsync::Decimal::parse(cost);
    o.currency = "USD";
    o.stock = {{"S_CBA", tecsync::Decimal::from_int(4)}, {"S_BUE", tecsync::Decimal{}}};
    o.origin = {"page", line};
    return o;
  };
  const std::uint64_t n = 20000;
  for (std::uint64_t i = 0; i < n; ++i) ASSERT_TRUE(stream.add(offer("SKU" + std::to_string(i), "10.5", i + 1)));
  ASSERT_TRUE(stream.add(offer("SKU7", "10.5", n + 1)));    // identical
  ASSERT_TRUE(stream.add(offer("SKU123", "11", n + 2)));    // conflicting
  ASSERT_TRUE(stream.add(offer("SKU123", "10.5", n + 3)));  // after a conflict
  ASSERT_TRUE(stream.finish());
  EXPECT_EQ(stream.rows(), n + 3);
  auto warnings = out.warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "DUPLICATE_IDENTICAL");
  EXPECT_EQ(warnings[0].detail, "same values as page line 8; kept once");
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0].detail, "conflicts with page line 20002: cost 10.5 vs 11");
  EXPECT_EQ(rejects[0].origin.line, 124u);
  EXPECT_EQ(rejects[1].detail, "conflicts with page line 124: cost 10.5 vs 11");
  EXPECT_EQ(rejects[2].detail, "SKU already rejected for conflicting rows (first at page line 124)");
  EXPECT_EQ(out.offers().size(), n);  // SKU123's first row had left in an earlier batch: the sink drops it
}

// The first row is kept packed (varints, trailing zeros stripped, interned
// currency + warehouses): extreme values, missing cells, other shapes and a
// SKU longer than an arena chunk must read back exactly as they came in.
TEST(AirApi, DuplicateTableKeepsExactFirstValues) {
  using tecsync::Decimal;
  Collector out;
  tecsync::air::OfferStream stream(out);
  auto offer = [](const std::string& sku, std::optional<Decimal> cost, std::optional<Decimal> vat,
                  const std::string& currency, std::vector<tecsync::StockLevel> stock, std::uint64_t line) {
    tecsync::Offer o;
    o.sku = sku;
    o.cost = cost;
    o.vat_percent = vat;
    o.currency = currency;
    o.stock = std::move(stock);
    o.origin = {"page", line};
    return o;
  };
  const Decimal max = Decimal::from_units(std::numeric_limits<std::int64_t>::max());
  const Decimal min = Decimal::from_units(std::numeric_limits<std::int64_t>::min());
  const std::string huge(300000, 'H');
  ASSERT_TRUE(stream.add(
      offer("A", max, Decimal::parse("10.5"), "USD", {{"S_CBA", min}, {"S_BUE", Decimal::from_units(1)}}, 1)));
  ASSERT_TRUE(stream.add(offer(huge, std::nullopt, std::nullopt, "ARS", {{"S_CBA", Decimal::from_int(-3)}}, 2)));
  ASSERT_TRUE(stream.add(offer("B", Decimal::parse("1000000"), std::nullopt, "USD", {}, 3)));
  for (int i = 0; i < 5000; ++i)  // fills chunks and grows the index between first rows and repeats
    ASSERT_TRUE(stream.add(offer("X" + std::to_string(i), Decimal::from_units(i), std::nullopt, "USD", {}, 4 + i)));
  ASSERT_TRUE(stream.add(offer(huge, std::nullopt, std::nullopt, "ARS", {{"S_CBA", Decimal::from_int(-3)}}, 6000)));
  ASSERT_TRUE(stream.add(
      offer("A", max, Decimal::parse("10.5"), "USD", {{"S_CBA", min}, {"S_BUE", Decimal::from_units(2)}}, 6001)));
  ASSERT_TRUE(stream.add(offer("B", Decimal::parse("1000000"), std::nullopt, "ARS", {}, 6002)));
  ASSERT_TRUE(stream.add(offer("X4999", Decimal::from_units(4999), std::nullopt, "USD", {}, 6003)));
  ASSERT_TRUE(stream.finish());
  auto warnings = out.warnings();
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].sku, huge);
  EXPECT_EQ(warnings[0].detail, "same values as page line 2; kept once");
  EXPECT_EQ(warnings[1].detail, "same values as page line 5003; kept once");
  auto rejects = out.rejects();
  ASSERT_EQ(rejects.size(), 4u);
  EXPECT_EQ(rejects[0].detail, "conflicts with page line 6001: S_BUE 0.000001 vs 0.000002");
  EXPECT_EQ(rejects[0].origin.line, 1u);
  EXPECT_EQ(rejects[2].detail, "conflicts with page line 6002: currency USD vs ARS");
  EXPECT_EQ(rejects[2].origin.line, 3u);
  EXPECT_EQ(tecsync::air::fingerprint(
                offer("A", max, Decimal::parse("10.5"), "USD", {{"S_CBA", min}, {"S_BUE", Decimal::from_units(1)}}, 1)),
            "cost=9223372036854.775807|currency=USD|vat=10.5|S_CBA=-9223372036854.775808|S_BUE=0.000001");
}
