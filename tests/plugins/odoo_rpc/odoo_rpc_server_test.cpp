// The odoo_rpc sink end to end over loopback: the core's libcurl client, the
// project's Odoo JSON-RPC test server (tests/servers/odoo_rpc_server.py, both
// profiles), the image server (tests/servers/image_server.py) and the content
// hashes in a real PostgreSQL (TECSYNC_TEST_PG).
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "http/curl_client.hpp"
#include "odoo_rpc_sink.hpp"
#include "support/loopback_server.hpp"
#include "support/odoo_rpc_server.hpp"
#include "support/test_db.hpp"

using namespace tecsync;
using namespace tecsync::odoo_rpc;
using nlohmann::json;

namespace {

struct QuietLog : Logger {
  void log(LogLevel, std::string_view m) noexcept override {
    if (std::getenv("TECSYNC_TEST_VERBOSE")) std::cerr << m << "\n";
  }
};
struct NullPulses : PulseEmitter {
  void emit(const Pulse&) noexcept override {}
};
struct NullCounters : Counters {
  void add(std::string_view, std::int64_t) noexcept override {}
};
struct NeverCancel : Cancellation {
  bool requested() const noexcept override { return false; }
};

std::int64_t count_of(const CycleSummary& s, const std::string& name) {
  for (const auto& [k, v] : s.counts)
    if (k == name) return v;
  return -1;
}

// What a record's stored value says in `lang` (translated fields are {lang: text}).
std::string text_of(const json& v, const std::string& lang = "es_AR") {
  if (v.is_object()) return v.contains(lang) ? v[lang].get<std::string>() : v.value("en_US", std::string());
  return v.is_string() ? v.get<std::string>() : std::string();
}

struct Rig {
  explicit Rig(int profile)
      : odoo(it::OdooRpcServerOptions{profile, /*website_sale=*/profile >= 18}),
        images({TECSYNC_IT_PYTHON, TECSYNC_IT_REPO "/tests/servers/image_server.py", "--port", "0"}, "image server"),
        state({}),
        http(http::HttpDefaults{5, 10, 1, 30, 1, 0.05, 5}, log, &cancel) {
    auto put = [&](const std::string& k, const std::string& v) {
      config.push_back({k, boost::property_tree::ptree(v)});
    };
    put("url", odoo.url());
    put("db", "odoo");
    put("user", "admin");
    put("api_key", it::kOdooTestApiKey);
    put("supplier", "Air Computers");
    put("state_dsn", state.dsn());
    put("backoff", "0.05");
    put("batch_size", "4");
    put("location.S_CBA", "WH/Air Córdoba");
  }
  OdooRpcSink sink() {
    return OdooRpcSink(HostServices{config, "odoo_api", log, pulses, counters, http, cancel, nullptr});
  }
  Status run(const std::vector<ProductContent>& contents, CycleSummary& s) {
    OdooRpcSink k = sink();
    Status st = k.begin(CycleInfo{"air_deep", Strategy::deep, std::chrono::system_clock::now(), false, 20}, {});
    if (!st) return st;
    OfferBatch b;
    b.contents = contents;
    if (st = k.write(b); !st) return st;
    if (st = k.commit(s); !st) k.abort(st);
    return st;
  }
  json product(const std::string& sku) {
    for (const auto& r : odoo.records("product.template"))
      if (r.value("default_code", json()) == sku) return r;
    return nullptr;
  }
  std::string img(const std::string& path) { return images.url(path); }

  it::OdooRpcServer odoo;
  it::LoopbackServerProcess images;
  pgtest::TestDb state;
  QuietLog log;
  NeverCancel cancel;
  NullPulses pulses;
  NullCounters counters;
  http::CurlHttpClient http;
  boost::property_tree::ptree config;
};

ProductContent item(Rig& r, const std::string& sku, std::vector<std::string> image_paths) {
  ProductContent c;
  c.sku = sku;
  c.name = "Notebook " + sku;
  c.description = "Notebook liviana\ncon SSD";
  c.brand = "Lenovo";
  c.category = {"Notebooks"};
  c.specs = {{"Memoria RAM", "16 GB"}, {"Disco", "512 GB SSD"}};
  for (const auto& p : image_paths) c.image_urls.push_back(r.img(p));
  c.weight_kg = Decimal::parse("1.45");
  c.dimensions_cm = DimensionsCm{Decimal::from_int(35), Decimal::from_int(25), Decimal::from_int(4)};
  c.cost = Decimal::parse("612.50");
  c.currency = "USD";
  c.mpn = "82XX-" + sku;
  return c;
}

}  // namespace

class OdooRpcServerCycle : public ::testing::TestWithParam<int> {};

TEST_P(OdooRpcServerCycle, SetupThenDeepRunThenNothingToDo) {
  Rig r(GetParam());
  std::vector<ReportItem> setup;
  Status st = r.sink().provision(setup);
  for (const auto& i : setup) EXPECT_TRUE(i.status) << i.what << ": " << i.status.detail;
  ASSERT_TRUE(st) << st.detail;
  std::vector<ReportItem> again;
  ASSERT_TRUE(r.sink().provision(again));
  for (const auto& i : again) EXPECT_EQ(i.what.rfind("created", 0), std::string::npos) << i.what;
  std::vector<ReportItem> check;
  EXPECT_TRUE(r.sink().check(check));

  // A product that already exists keeps its id.
  auto existing = r.odoo.seed("product.template", json::array({{{"name", "Viejo"}, {"default_code", "AIR-2"}}}));
  ASSERT_EQ(existing.size(), 1u);
  std::vector<ProductContent> cs = {item(r, "AIR-1", {"/img/a1.png", "/img/a2.png"}), item(r, "AIR-2", {"/img/b1.png"}),
                                    item(r, "AIR-3", {"/img/html/c1.png"}), item(r, "AIR-4", {}),
                                    item(r, "AIR-5", {"/img/e1.png"})};
  r.odoo.reset(false);
  CycleSummary s;
  st = r.run(cs, s);
  ASSERT_TRUE(st) << st.error_class << ": " << st.detail;
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS") << s.pulse.text;  // AIR-3's image is an HTML page
  EXPECT_EQ(s.pulse.text.rfind("⚠️ Image Error: 1 image(s) failed, first AIR-3: ", 0), 0u) << s.pulse.text;
  EXPECT_EQ(count_of(s, "products_created"), 4);
  EXPECT_EQ(count_of(s, "products_updated"), 1);
  EXPECT_EQ(count_of(s, "images_failed"), 1);
  EXPECT_EQ(count_of(s, "images_downloaded"), 4);
  json calls = r.odoo.call_counts();
  EXPECT_EQ(calls["errors"], 0) << calls.dump();
  EXPECT_EQ(calls["by_method"].value("product.template.create", 0), 2) << calls.dump();  // one per chunk of 4

  json p1 = r.product("AIR-1");
  ASSERT_FALSE(p1.is_null());
  EXPECT_EQ(text_of(p1["name"]), "Notebook AIR-1");
  EXPECT_EQ(text_of(p1["name"], "en_US"), "Notebook AIR-1");  // filled as Odoo does on create
  EXPECT_EQ(p1["x_tecsync_mpn"], "82XX-AIR-1");
  EXPECT_NEAR(p1["volume"].get<double>(), 0.0035, 1e-9);
  EXPECT_TRUE(p1["image_1920"].is_object()) << p1["image_1920"].dump();
  EXPECT_EQ(text_of(p1["x_tecsync_pulse"]).rfind("✅ Success · deep · ", 0), 0u);
  if (GetParam() >= 18) {
    EXPECT_EQ(p1["type"], "consu");
    EXPECT_EQ(p1["is_storable"], true);
    EXPECT_EQ(calls["by_method"].value("product.image.create", 0), 1) << calls.dump();  // AIR-1's second image
  } else {
    EXPECT_EQ(p1["detailed_type"], "product");
  }
  EXPECT_EQ(p1["attribute_line_ids"].size(), 3u);
  for (const auto& a : r.odoo.records("product.attribute")) EXPECT_EQ(a["create_variant"], "no_variant");
  json p2 = r.product("AIR-2");
  EXPECT_EQ(p2["id"], existing[0]);
  EXPECT_EQ(text_of(p2["name"]), "Notebook AIR-2");
  json p3 = r.product("AIR-3");
  EXPECT_EQ(text_of(p3["x_tecsync_pulse"]).rfind("⚠️ Image Error: " + r.img("/img/html/c1.png"), 0), 0u)
      << p3["x_tecsync_pulse"].dump();
  bool seller = false;
  for (const auto& l : r.odoo.records("product.supplierinfo"))
    if (l["product_tmpl_id"] == p1["id"]) {
      seller = true;
      EXPECT_EQ(l["product_code"], "AIR-1");
      EXPECT_DOUBLE_EQ(l["price"].get<double>(), 612.5);
    }
  EXPECT_TRUE(seller);

  // The same content again: reads only; only AIR-3's failed image is tried again.
  r.odoo.reset(false);
  CycleSummary s2;
  ASSERT_TRUE(r.run(cs, s2));
  json calls2 = r.odoo.call_counts();
  EXPECT_EQ(calls2["writes"], 0) << calls2.dump();
  EXPECT_EQ(count_of(s2, "images_downloaded"), 0);
  EXPECT_EQ(count_of(s2, "images_failed"), 1);
  EXPECT_EQ(count_of(s2, "rpc_write_calls"), 0);
  EXPECT_EQ(count_of(s2, "products_unchanged"), 4);
}

INSTANTIATE_TEST_SUITE_P(Profiles, OdooRpcServerCycle, ::testing::Values(17, 18));

TEST(OdooRpcServerErrors, SerializationRetriedAndWrongKeyFails) {
  Rig r(17);
  ASSERT_TRUE([&] {
    std::vector<ReportItem> rep;
    return r.sink().provision(rep);
  }());
  r.odoo.fail({{"kind", "serialization"}, {"count", 1}, {"model", "product.template"}, {"method", "create"}});
  CycleSummary s;
  Status st = r.run({item(r, "SER-1", {})}, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(count_of(s, "rpc_retries"), 1);
  EXPECT_FALSE(r.product("SER-1").is_null());
  r.config.put_child(boost::property_tree::ptree::path_type("api_key", '\0'), boost::property_tree::ptree("wrong"));
  st = r.run({item(r, "SER-2", {})}, s);
  EXPECT_EQ(st.error_class, "RpcAccessDenied") << st.detail;
}

namespace {
// One execute_kw request as the sink sends it, with the host's retries set by `max_retries`.
HttpRequest partner_search(const it::OdooRpcServer& odoo, int max_retries) {
  HttpRequest r;
  r.method = "POST";
  r.url = odoo.url() + "/jsonrpc";
  r.headers = {{"Content-Type", "application/json"}};
  r.body = request_body(
      "object", "execute_kw",
      json::array({"odoo", 2, it::kOdooTestApiKey, "res.partner", "search_read", json::array({json::array()})}), 1);
  r.total_timeout_s = 10;
  r.max_retries = max_retries;
  return r;
}
}  // namespace

// The sink's contract with the core's HTTP client: per-request max_retries = 0
// means one attempt, in fetch_many (curl multi) as in fetch, even for statuses
// the host would retry (502) — so the only retries of a create are the sink's.
TEST(OdooRpcServerRetries, MaxRetriesZeroDisablesHostRetriesInFetchMany) {
  it::OdooRpcServer odoo(it::OdooRpcServerOptions{17, false});
  QuietLog log;
  NeverCancel cancel;
  http::CurlHttpClient client(http::HttpDefaults{5, 10, 1, 10, /*retries=*/2, /*backoff=*/0.01, 5}, log, &cancel);
  odoo.fail({{"kind", "http502"}, {"count", 1000}, {"model", "res.partner"}});
  auto total = [&] { return odoo.call_counts().value("total", -1); };
  auto batch = [&](int max_retries) {
    std::vector<HttpRequest> reqs(3, partner_search(odoo, max_retries));
    HttpBatchLimits lim;
    lim.max_in_flight = 3;
    std::vector<long> statuses;
    Status st = client.fetch_many(reqs, lim, [&](HttpResult&& r) {
      statuses.push_back(r.response.status);
      return true;
    });
    EXPECT_TRUE(st) << st.detail;
    EXPECT_EQ(statuses, (std::vector<long>{502, 502, 502}));
  };
  odoo.reset(false);
  batch(0);
  EXPECT_EQ(total(), 3);  // one attempt each
  odoo.reset(false);
  batch(-1);
  EXPECT_EQ(total(), 9);  // the host default (2 retries) would have repeated them
  odoo.reset(false);
  HttpResponse head;
  std::string body;
  EXPECT_TRUE(client.fetch_small(partner_search(odoo, 0), body, head, 1 << 20));
  EXPECT_EQ(head.status, 502);
  EXPECT_EQ(total(), 1);
}

// A create whose answer is lost (client timeout while Odoo creates): the sink
// searches by default_code before creating again, so nothing is created twice.
TEST(OdooRpcServerRetries, CreateAnswerLostIsFoundByDefaultCode) {
  Rig r(17);
  ASSERT_TRUE([&] {
    std::vector<ReportItem> rep;
    return r.sink().provision(rep);
  }());
  r.config.put_child(boost::property_tree::ptree::path_type("timeout", '\0'), boost::property_tree::ptree("1"));
  r.odoo.fail({{"kind", "slow"}, {"seconds", 2.0}, {"model", "product.template"}, {"method", "create"}});
  r.odoo.reset(false);
  CycleSummary s;
  Status st = r.run({item(r, "LOST-1", {}), item(r, "LOST-2", {})}, s);
  ASSERT_TRUE(st) << st.error_class << ": " << st.detail;
  EXPECT_EQ(count_of(s, "products_created"), 2);
  EXPECT_EQ(count_of(s, "lost_creates_found"), 2);
  int n = 0;
  for (const auto& t : r.odoo.records("product.template"))
    if (t.value("default_code", json()) == "LOST-1" || t.value("default_code", json()) == "LOST-2") ++n;
  EXPECT_EQ(n, 2);
  EXPECT_EQ(r.odoo.call_counts()["by_method"].value("product.template.create", -1), 1);
  EXPECT_EQ(r.product("LOST-1").value("x_tecsync_pulse", json()).get<std::string>().rfind("✅ Success", 0), 0u);
}
