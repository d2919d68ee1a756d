// The deep sink's cycle history: tecsync.cycle / tecsync.reject (the flash
// sink's tables, strategy deep) for OK, warnings, failures and an abort without
// begin; nothing for a dry run; recent_cycles newest first.
#include <gtest/gtest.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "sink_fixture.hpp"

using namespace tecsync;
using namespace tecsync::odoo_rpc;
using namespace tecsync::odoo_rpc::test;
using nlohmann::json;

namespace {

std::vector<CycleRecord> cycles(Fx& f) {
  std::vector<CycleRecord> out;
  Status st = f.sink().recent_cycles("air_deep", 10, out);
  EXPECT_TRUE(st) << st.detail;
  return out;
}

// `kind code sku` of each issue the summary's issues_at names, in id order.
std::vector<std::string> issues(Fx& f, const CycleSummary& s) {
  std::vector<std::string> out;
  if (s.issues_at.empty()) return out;
  pqxx::connection c{f.state.dsn()};
  pqxx::read_transaction tx{c};
  for (const auto& r : tx.exec(s.issues_at + " ORDER BY id"))
    out.push_back(r[5].as<std::string>() + " " + r[3].as<std::string>() + " " + r[2].as<std::string>(""));
  return out;
}

}  // namespace

TEST(OdooRpcHistory, EveryCycleIsRecordedWithItsIssues) {
  Fx f;
  f.provisioned();
  EXPECT_TRUE(cycles(f).empty());  // no schema yet: empty, not an error

  // OK_WITH_WARNINGS: an image that is not an image, a product Odoo refuses.
  f.odoo.serve("http://img.test/html", 200, "text/html", "<html>");
  f.odoo.inject = [](const std::string& model, const std::string& method, const json& args) -> json {
    if (model == "product.template" && method == "create" && args[0].dump().find("BAD-1") != std::string::npos)
      return {{"name", "odoo.exceptions.ValidationError"}, {"message", "The operation cannot be completed"}};
    return nullptr;
  };
  CycleSummary s1;
  ASSERT_TRUE(f.run({item("OK-1", "Fine", {"http://img.test/html"}), item("BAD-1", "Broken")}, s1));
  EXPECT_EQ(s1.status, "OK_WITH_WARNINGS");
  ASSERT_FALSE(s1.issues_at.empty());
  auto i1 = issues(f, s1);
  std::sort(i1.begin(), i1.end());
  EXPECT_EQ(i1, (std::vector<std::string>{"reject API_ERROR BAD-1", "warning IMAGE_ERROR OK-1"}));

  // A dry run records nothing.
  f.odoo.inject = nullptr;
  CycleSummary dry;
  ASSERT_TRUE(f.run({item("D-1", "Dry")}, dry, /*dry=*/true));
  EXPECT_TRUE(dry.issues_at.empty());
  EXPECT_EQ(cycles(f).size(), 1u);

  // An unknown SKU with create_missing = false is an outcome row.
  f.config.push_back({"create_missing", boost::property_tree::ptree("false")});
  CycleSummary s2;
  ASSERT_TRUE(f.run({item("OK-1", "Fine", {"http://img.test/html"}), item("NEW-9", "Not in Odoo")}, s2));
  auto i2 = issues(f, s2);
  EXPECT_NE(std::find(i2.begin(), i2.end(), "outcome UNKNOWN_SKU NEW-9"), i2.end());

  // A failed begin (key refused) and an abort without begin (the source failed).
  f.odoo.api_key = "rotated";
  CycleSummary s3;
  Status st = f.run({item("OK-1", "Fine")}, s3);
  ASSERT_EQ(st.error_class, "RpcAccessDenied");
  {
    f.host_cycle.started_at = std::chrono::system_clock::now();
    OdooRpcSink k = f.sink();
    k.abort(Status::failed(FailureArea::feed, "FeedEmpty", "the feed had no rows"));
  }

  auto rows = cycles(f);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].status, "FAILED:FeedEmpty");  // newest first
  EXPECT_EQ(rows[0].failure, "the feed had no rows");
  EXPECT_EQ(rows[0].pulse.rfind("❌ Feed Error: ", 0), 0u) << rows[0].pulse;
  EXPECT_EQ(rows[1].status, "FAILED:RpcAccessDenied");
  EXPECT_EQ(rows[2].status, "OK_WITH_WARNINGS");
  EXPECT_EQ(rows[3].status, "OK_WITH_WARNINGS");
  for (const auto& r : rows) {
    EXPECT_EQ(r.strategy, "deep");
    EXPECT_EQ(r.pipeline, "air_deep");
    EXPECT_NE(r.pulse.find(" · deep · "), std::string::npos) << r.pulse;
  }
  EXPECT_NE(rows[3].pulse.find("Rejected Products"), std::string::npos) << rows[3].pulse;
  auto count = [](const CycleRecord& r, const std::string& n) {
    for (const auto& [k, v] : r.counts)
      if (k == n) return v;
    return std::int64_t{-1};
  };
  EXPECT_EQ(count(rows[3], "products_created"), 1);
  EXPECT_EQ(count(rows[3], "api_errors"), 1);
  EXPECT_EQ(count(rows[2], "unknown_sku"), 1);
  EXPECT_EQ(rows[3].rows_written, 2);  // one product created, its pulse written
}

TEST(OdooRpcHistory, StateDatabaseDownFailsStatusClearly) {
  Fx f;
  f.config.put_child(boost::property_tree::ptree::path_type("state_dsn", '\0'),
                     boost::property_tree::ptree("host=127.0.0.1 port=1 dbname=none connect_timeout=2"));
  std::vector<CycleRecord> out;
  Status st = f.sink().recent_cycles("air_deep", 5, out);
  EXPECT_EQ(st.error_class, "StateDbError") << st.detail;
  // abort without begin must not throw or hang on it either.
  f.sink().abort(Status::failed(FailureArea::feed, "FeedEmpty", "no rows"));
}
