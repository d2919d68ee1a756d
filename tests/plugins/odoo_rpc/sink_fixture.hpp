#pragma once
// The odoo_rpc sink's test rig: an in-process fake Odoo (FakeOdoo) as the
// HttpClient, the content hashes and history in a fresh PostgreSQL database
// (TECSYNC_TEST_PG), and a content builder.
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <chrono>

#include "fake_odoo.hpp"
#include "odoo_rpc_sink.hpp"
#include "support/test_db.hpp"

namespace tecsync::odoo_rpc::test {

using nlohmann::json;

struct NullLog : Logger {
  void log(LogLevel, std::string_view) noexcept override {}
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

inline std::int64_t count_of(const CycleSummary& s, const std::string& name) {
  for (const auto& [k, v] : s.counts)
    if (k == name) return v;
  ADD_FAILURE() << "no count " << name;
  return -1;
}

inline ProductContent item(const std::string& sku, const std::string& name, std::vector<std::string> images = {}) {
  ProductContent c;
  c.sku = sku;
  c.name = name;
  c.brand = "Lenovo";
  c.category = {"Notebooks"};
  c.specs = {{"Memoria RAM", "16 GB"}, {"Pantalla", "14\""}};
  c.image_urls = std::move(images);
  c.weight_kg = Decimal::parse("1.5");
  c.dimensions_cm = DimensionsCm{Decimal::from_int(50), Decimal::from_int(40), Decimal::from_int(30)};
  c.cost = Decimal::parse("500");
  c.currency = "USD";
  c.mpn = "MPN-" + sku;
  c.description = "Desc " + name;
  return c;
}

struct Fx {
  explicit Fx(int major = 17) : odoo(major), state({}) {
    auto put = [&](const std::string& k, const std::string& v) {
      config.push_back({k, boost::property_tree::ptree(v)});
    };
    put("url", "http://odoo.test");
    put("db", "odoo");
    put("user", "admin");
    put("api_key", odoo.api_key);
    put("supplier", "Air Computers");
    put("state_dsn", state.dsn());
    put("backoff", "0.001");
    put("batch_size", "3");
    put("location.S_CBA", "WH/Air Córdoba");
  }
  void provisioned() {
    std::vector<ReportItem> r;
    Status s = sink().provision(r);
    ASSERT_TRUE(s) << s.detail;
  }
  OdooRpcSink sink() {
    HostServices h{config, "odoo_api", log, pulses, counters, odoo, cancel, &host_cycle};
    return OdooRpcSink(h);
  }
  Status run(const std::vector<ProductContent>& contents, CycleSummary& s, bool dry = false) {
    OdooRpcSink k = sink();
    CycleInfo ci{"air_deep", Strategy::deep, std::chrono::system_clock::now(), dry, 20};
    // As the host: abort after any failed step.
    Status st = k.begin(ci, {});
    OfferBatch b;
    b.contents = contents;
    if (st) st = k.write(b);
    if (!st) {
      k.abort(st);
      return st;
    }
    if (st = k.commit(s); !st) k.abort(st);
    return st;
  }
  json* tmpl(const std::string& sku) { return odoo.find("product.template", "default_code", sku); }

  test::FakeOdoo odoo;
  pgtest::TestDb state;
  boost::property_tree::ptree config;
  NullLog log;
  NullPulses pulses;
  NullCounters counters;
  NeverCancel cancel;
  /// HostServices::cycle (what an `abort` without `begin` records).
  CycleInfo host_cycle{"air_deep", Strategy::deep, std::chrono::system_clock::now(), false, 20};
};

}  // namespace tecsync::odoo_rpc::test
