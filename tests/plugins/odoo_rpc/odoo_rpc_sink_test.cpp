// The odoo_rpc sink's cycle against the in-process fake Odoo (both profiles),
// with its content hashes in a real PostgreSQL database (TECSYNC_TEST_PG).
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <set>

#include "sink_fixture.hpp"

using namespace tecsync;
using namespace tecsync::odoo_rpc;
using namespace tecsync::odoo_rpc::test;
using nlohmann::json;

namespace {

void serve_images(test::FakeOdoo& o) {
  o.serve("http://img.test/a.png", 200, "image/png", test::png_bytes(200));
  o.serve("http://img.test/b.jpg", 200, "image/jpeg", test::jpeg_bytes(300));
  o.serve("http://img.test/c.png", 200, "image/png", test::png_bytes(100));
}

}  // namespace

class OdooRpcSinkCycle : public ::testing::TestWithParam<int> {};

TEST_P(OdooRpcSinkCycle, CreatesEnrichesThenSecondRunWritesNothing) {
  Fx f(GetParam());
  f.provisioned();
  serve_images(f.odoo);
  // One product exists already: it keeps its id.
  std::int64_t old_id =
      f.odoo.insert("product.template", {{"name", "Old name"}, {"default_code", "NB-2"}, {"active", true}});
  f.odoo.insert("product.product", {{"product_tmpl_id", old_id}, {"default_code", "NB-2"}, {"active", true}});
  std::vector<ProductContent> cs = {item("NB-1", "Notebook 1", {"http://img.test/a.png", "http://img.test/b.jpg"}),
                                    item("NB-2", "Notebook 2", {"http://img.test/c.png"}), item("NB-3", "Notebook 3"),
                                    item("NB-4", "Notebook 4")};
  f.odoo.calls.clear();
  CycleSummary s;
  Status st = f.run(cs, s);
  ASSERT_TRUE(st) << st.error_class << ": " << st.detail;
  EXPECT_EQ(s.status, "OK");
  EXPECT_EQ(count_of(s, "contents_read"), 4);
  EXPECT_EQ(count_of(s, "products_created"), 3);
  EXPECT_EQ(count_of(s, "products_updated"), 1);
  EXPECT_EQ(count_of(s, "images_downloaded"), 3);
  EXPECT_EQ(count_of(s, "images_failed"), 0);
  // batch_size 3: two chunks, each ONE create call with a list.
  EXPECT_EQ(f.odoo.calls["product.template.create"], 2);
  EXPECT_EQ(f.odoo.calls["product.product.search_read"], 2);
  EXPECT_EQ(f.odoo.calls["product.attribute.create"], 1);  // cached for the cycle
  EXPECT_EQ(f.odoo.calls["product.category.create"], 2);   // Air, then Air / Notebooks

  json* t1 = f.tmpl("NB-1");
  ASSERT_TRUE(t1);
  EXPECT_EQ((*t1)["name"], "Notebook 1");
  EXPECT_EQ((*t1)["description_sale"], "Desc Notebook 1");
  EXPECT_EQ((*t1)["weight"], 1.5);
  EXPECT_EQ((*t1)["volume"], 0.06);
  EXPECT_EQ((*t1)["x_tecsync_mpn"], "MPN-NB-1");
  EXPECT_EQ((*t1)["image_1920"], base64(test::png_bytes(200)));
  EXPECT_EQ((*t1)["x_tecsync_pulse"].get<std::string>().rfind("✅ Success · deep · ", 0), 0u);
  if (GetParam() >= 18) {
    EXPECT_EQ((*t1)["type"], "consu");
    EXPECT_EQ((*t1)["is_storable"], true);
  } else {
    EXPECT_EQ((*t1)["detailed_type"], "product");
  }
  json* cat = f.odoo.find("product.category", "id", (*t1)["categ_id"]);
  ASSERT_TRUE(cat);
  EXPECT_EQ((*cat)["complete_name"], "Air / Notebooks");
  json* extra = f.odoo.find("product.image", "product_tmpl_id", (*t1)["id"]);
  ASSERT_TRUE(extra);
  EXPECT_EQ((*extra)["image_1920"], base64(test::jpeg_bytes(300)));
  int lines = 0;
  for (const auto& l : f.odoo.table("product.template.attribute.line")) lines += l["product_tmpl_id"] == (*t1)["id"];
  EXPECT_EQ(lines, 3);  // Marca + 2 specs
  for (const auto& a : f.odoo.table("product.attribute")) EXPECT_EQ(a["create_variant"], "no_variant");
  json* seller = f.odoo.find("product.supplierinfo", "product_tmpl_id", (*t1)["id"]);
  ASSERT_TRUE(seller);
  EXPECT_EQ((*seller)["product_code"], "NB-1");
  EXPECT_EQ((*seller)["price"], 500);
  EXPECT_EQ((*seller)["currency_id"], f.odoo.find("res.currency", "name", "USD")->at("id"));
  EXPECT_EQ((*seller)["partner_id"], f.odoo.find("res.partner", "name", "Air Computers")->at("id"));
  json* t2 = f.tmpl("NB-2");
  EXPECT_EQ((*t2)["id"], old_id);
  EXPECT_EQ((*t2)["name"], "Notebook 2");

  // Second run, same content: reads only, no downloads.
  f.odoo.calls.clear();
  f.odoo.image_gets = 0;
  CycleSummary s2;
  st = f.run(cs, s2);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(f.odoo.write_calls(), 0);
  EXPECT_EQ(f.odoo.image_gets, 0);
  EXPECT_EQ(count_of(s2, "products_unchanged"), 4);
  EXPECT_EQ(count_of(s2, "rpc_write_calls"), 0);
  EXPECT_EQ(s2.rows_written, 0);

  // A changed name writes only the name (and nothing else) for that product.
  cs[2].name = "Notebook 3 bis";
  f.odoo.calls.clear();
  CycleSummary s3;
  ASSERT_TRUE(f.run(cs, s3));
  EXPECT_EQ(f.odoo.write_calls(), 1);
  EXPECT_EQ((*f.tmpl("NB-3"))["name"], "Notebook 3 bis");
  EXPECT_EQ(count_of(s3, "products_updated"), 1);
}

INSTANTIATE_TEST_SUITE_P(Profiles, OdooRpcSinkCycle, ::testing::Values(17, 18));

TEST(OdooRpcSink, ImageAndRecordErrorsArePulsesNotFailures) {
  Fx f;
  f.provisioned();
  f.odoo.serve("http://img.test/html", 200, "text/html", "<html>");
  f.odoo.inject = [](const std::string& model, const std::string& method, const json& args) -> json {
    // Odoo refuses any list that holds BAD-1 (as a constraint would).
    if (model == "product.template" && method == "create" && args[0].dump().find("BAD-1") != std::string::npos)
      return {{"name", "odoo.exceptions.ValidationError"}, {"message", "The operation cannot be completed"}};
    return nullptr;
  };
  CycleSummary s;
  Status st = f.run({item("OK-1", "Fine", {"http://img.test/html"}), item("BAD-1", "Broken")}, s);
  ASSERT_TRUE(st) << st.detail;
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(count_of(s, "api_errors"), 1);
  EXPECT_EQ(count_of(s, "images_failed"), 1);
  EXPECT_EQ(count_of(s, "products_created"), 1);
  EXPECT_EQ(s.pulse.text.rfind("⚠️ Rejected Products: 1 product(s)", 0), 0u) << s.pulse.text;
  EXPECT_NE(s.pulse.text.find("Image Error"), std::string::npos);
  json* ok = f.tmpl("OK-1");
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["x_tecsync_pulse"].get<std::string>().rfind(
                "⚠️ Image Error: http://img.test/html content-type text/html is not image/*", 0),
            0u)
      << (*ok)["x_tecsync_pulse"];
  EXPECT_FALSE(f.tmpl("BAD-1"));
  // The failed image is tried again next run (its hash was not saved).
  f.odoo.image_gets = 0;
  f.odoo.inject = nullptr;
  CycleSummary s2;
  ASSERT_TRUE(f.run({item("OK-1", "Fine", {"http://img.test/html"}), item("BAD-1", "Broken")}, s2));
  EXPECT_EQ(f.odoo.image_gets, 1);
  EXPECT_TRUE(f.tmpl("BAD-1"));
}

TEST(OdooRpcSink, LoginFailureAndMissingSetupFail) {
  Fx f;
  CycleSummary s;
  Status st = f.run({item("A", "a")}, s);
  EXPECT_FALSE(st);
  EXPECT_EQ(st.error_class, "TargetCheckError");
  EXPECT_NE(st.detail.find("tecsync odoo setup --config <file> --sink odoo_api"), std::string::npos) << st.detail;
  f.provisioned();
  f.odoo.api_key = "rotated";
  st = f.run({item("A", "a")}, s);
  EXPECT_EQ(st.error_class, "RpcAccessDenied");
  EXPECT_EQ(f.odoo.write_calls(), 3);  // only provision's: fields, partner, location
}

TEST(OdooRpcSink, DryRunSendsNoWritesAndListsChanges) {
  Fx f;
  f.provisioned();
  f.odoo.calls.clear();
  CycleSummary s;
  ASSERT_TRUE(f.run({item("D-1", "Dry"), item("D-2", "Dry 2")}, s, true));
  EXPECT_EQ(f.odoo.write_calls(), 0);
  EXPECT_EQ(count_of(s, "products_created"), 2);
  ASSERT_FALSE(s.changes.empty());
  EXPECT_EQ(s.changes[0].rfind("SKU D-1: create (", 0), 0u) << s.changes[0];
  EXPECT_FALSE(f.tmpl("D-1"));
}

TEST(OdooRpcSink, CreateMissingFalseCountsUnknown) {
  Fx f;
  f.config.push_back({"create_missing", boost::property_tree::ptree("false")});
  f.provisioned();
  CycleSummary s;
  ASSERT_TRUE(f.run({item("U-1", "Unknown")}, s));
  EXPECT_EQ(count_of(s, "unknown_sku"), 1);
  EXPECT_EQ(count_of(s, "products_created"), 0);
  EXPECT_NE(s.pulse.text.find("Unknown SKU"), std::string::npos);
}

TEST(OdooRpcSink, ProvisionIsIdempotent) {
  Fx f;
  std::vector<ReportItem> r1, r2;
  ASSERT_TRUE(f.sink().provision(r1));
  ASSERT_TRUE(f.sink().provision(r2));
  auto text = [](const std::vector<ReportItem>& r) {
    std::string all;
    for (const auto& i : r) all += i.what + "\n";
    return all;
  };
  EXPECT_NE(text(r1).find("created field product.template.x_tecsync_pulse"), std::string::npos) << text(r1);
  EXPECT_NE(text(r1).find("created location WH/Air Córdoba"), std::string::npos) << text(r1);
  EXPECT_NE(text(r2).find("present field product.template.x_tecsync_mpn"), std::string::npos) << text(r2);
  EXPECT_NE(text(r2).find("present supplier partner 'Air Computers'"), std::string::npos) << text(r2);
  EXPECT_NE(text(r2).find("present location WH/Air Córdoba"), std::string::npos) << text(r2);
  json* loc = f.odoo.find("stock.location", "complete_name", "WH/Air Córdoba");
  ASSERT_TRUE(loc);
  EXPECT_EQ((*loc)["usage"], "internal");
  EXPECT_EQ((*loc)["location_id"], f.odoo.find("stock.location", "complete_name", "WH")->at("id"));
  json* field = f.odoo.find("ir.model.fields", "name", "x_tecsync_pulse");
  EXPECT_EQ((*field)["state"], "manual");
  EXPECT_EQ((*field)["ttype"], "char");
  std::vector<ReportItem> c;
  EXPECT_TRUE(f.sink().check(c));
}

// A create whose answer never arrives may have landed: the sink finds what did
// by default_code and creates only the rest, never a product twice.
TEST(OdooRpcSink, LostCreateAnswerIsRecoveredWithoutDuplicates) {
  for (bool landed : {true, false}) {
    Fx f;
    f.provisioned();
    int creates = 0;
    f.odoo.inject = [&](const std::string& model, const std::string& method, const json&) -> json {
      if (model != "product.template" || method != "create" || creates++ > 0) return nullptr;
      return landed ? json{{"lost", true}} : json{{"http", 504}};
    };
    CycleSummary s;
    Status st = f.run({item("L-1", "One"), item("L-2", "Two")}, s);
    ASSERT_TRUE(st) << st.error_class << ": " << st.detail;
    EXPECT_EQ(count_of(s, "products_created"), 2);
    EXPECT_EQ(count_of(s, "lost_creates_found"), landed ? 2 : 0);
    EXPECT_EQ(f.odoo.calls["product.template.create"], landed ? 1 : 2) << "landed " << landed;
    EXPECT_EQ(f.odoo.table("product.template").size(), 2u + 0u) << "landed " << landed;
    EXPECT_TRUE(f.tmpl("L-1"));
    EXPECT_TRUE(f.tmpl("L-2"));
  }
}

// tecsync owns the no_variant lines it wrote (brand + spec labels in its stored
// content): a spec the supplier stops listing loses its line; a line someone
// added in Odoo stays.
TEST(OdooRpcSink, DroppedSpecLineIsRemovedOthersKept) {
  Fx f;
  f.provisioned();
  CycleSummary s1;
  ASSERT_TRUE(f.run({item("SP-1", "Spec")}, s1));
  const std::int64_t tmpl = f.tmpl("SP-1")->at("id");
  std::int64_t color = f.odoo.insert("product.attribute", {{"name", "Color"}, {"create_variant", "no_variant"}});
  std::int64_t black = f.odoo.insert("product.attribute.value", {{"attribute_id", color}, {"name", "Negro"}});
  f.odoo.insert("product.template.attribute.line",
                {{"product_tmpl_id", tmpl}, {"attribute_id", color}, {"value_ids", json::array({black})}});
  auto line_names = [&] {
    std::set<std::string> names;
    for (const auto& l : f.odoo.table("product.template.attribute.line"))
      if (l.at("product_tmpl_id") == tmpl)
        for (const auto& a : f.odoo.table("product.attribute"))
          if (a.at("id") == l.at("attribute_id")) names.insert(a.value("name", std::string()));
    return names;
  };
  EXPECT_EQ(line_names(), (std::set<std::string>{"Color", "Marca", "Memoria RAM", "Pantalla"}));

  ProductContent c = item("SP-1", "Spec");
  c.specs = {{"Memoria RAM", "32 GB"}};  // Pantalla no longer listed
  CycleSummary s2;
  ASSERT_TRUE(f.run({c}, s2));
  EXPECT_EQ(line_names(), (std::set<std::string>{"Color", "Marca", "Memoria RAM"}));
  f.odoo.calls.clear();
  CycleSummary s3;
  ASSERT_TRUE(f.run({c}, s3));
  EXPECT_EQ(f.odoo.write_calls(), 0);
  // No specs at all this time: an empty field changes nothing, lines stay.
  c.specs.clear();
  c.brand.clear();
  CycleSummary s4;
  ASSERT_TRUE(f.run({c}, s4));
  EXPECT_EQ(line_names(), (std::set<std::string>{"Color", "Marca", "Memoria RAM"}));
}
