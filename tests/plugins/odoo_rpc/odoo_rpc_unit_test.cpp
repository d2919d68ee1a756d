// Pieces of the odoo_rpc sink without Odoo or PostgreSQL: config, profile,
// payload planning and hashing, image sniffing, JSON-RPC error branching.
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>

#include "config.hpp"
#include "fake_odoo.hpp"
#include "images.hpp"
#include "json_rpc.hpp"
#include "plan.hpp"
#include "profile.hpp"

using namespace tecsync;
using namespace tecsync::odoo_rpc;
using nlohmann::json;

namespace {
boost::property_tree::ptree base_config() {
  boost::property_tree::ptree c;
  auto put = [&](const std::string& k, const std::string& v) { c.push_back({k, boost::property_tree::ptree(v)}); };
  put("url", "http://127.0.0.1:8069/");
  put("db", "odoo");
  put("user", "admin");
  put("api_key", "k;ey");
  put("supplier", "Air Computers");
  put("state_dsn", "host=127.0.0.1 dbname=x");
  return c;
}
ProductContent content() {
  ProductContent c;
  c.sku = " NB-1 ";
  c.name = "Notebook 14";
  c.brand = "Lenovo";
  c.category = {"Notebooks"};
  c.specs = {{"Memoria RAM", "16 GB"}, {"Marca", "dup"}, {"Memoria RAM", "8 GB"}};
  c.image_urls = {"http://img/a.png", "ftp://x", "http://img/a.png", "http://img/b.jpg"};
  c.weight_kg = Decimal::parse("1.5");
  c.dimensions_cm = DimensionsCm{Decimal::from_int(50), Decimal::from_int(40), Decimal::from_int(30)};
  c.cost = Decimal::parse("123.40");
  c.currency = "USD";
  c.mpn = "20XX-01";
  return c;
}
}  // namespace

TEST(OdooRpcConfig, DefaultsRequiredAndFamilies) {
  auto c = base_config();
  c.push_back({"category_map.Notebooks", boost::property_tree::ptree("Computers/Laptops ; comment")});
  c.push_back({"location.S_CBA", boost::property_tree::ptree("WH/Air Córdoba")});
  RpcConfig r = parse_config(c);
  EXPECT_EQ(r.url, "http://127.0.0.1:8069");
  EXPECT_EQ(r.api_key, "k;ey");  // secrets keep `;`
  EXPECT_EQ(r.lang, "es_AR");
  EXPECT_TRUE(r.create_missing);
  EXPECT_EQ(r.max_in_flight, 4u);
  EXPECT_EQ(r.image_max_bytes, 10485760u);
  EXPECT_EQ(category_path(r, {"Notebooks"}), "Computers / Laptops");
  EXPECT_EQ(category_path(r, {"Monitores"}), "Air / Monitores");
  ASSERT_EQ(r.locations.size(), 1u);
  EXPECT_EQ(r.locations[0].complete_name, "WH/Air Córdoba");
  auto missing = base_config();
  missing.erase("state_dsn");
  EXPECT_THROW(parse_config(missing), std::invalid_argument);
  auto zero = base_config();
  zero.push_back({"max_in_flight", boost::property_tree::ptree("0")});
  EXPECT_THROW(parse_config(zero), std::invalid_argument);
  // Every key the parser reads is declared for the host.
  std::set<std::string> declared;
  for (const auto& k : config_keys()) declared.insert(k.name);
  for (const char* k : {"url", "db", "user", "api_key", "supplier", "lang", "create_missing", "category_prefix",
                        "category_map.*", "state_dsn", "max_in_flight", "batch_size", "image_max_bytes",
                        "image_parallel", "image_per_host", "attempts", "backoff", "timeout", "location.*"})
    EXPECT_TRUE(declared.count(k)) << k;
}

TEST(OdooRpcProfile, DetectsSeventeenAndEighteen) {
  Profile p17 = profile_from_version(json::parse(
      R"({"server_version":"17.0-20240709","server_version_info":[17,0,0,"final",0,""],"protocol_version":1})"));
  EXPECT_EQ(p17.major, 17);
  Profile p18 = profile_from_version(json::parse(R"({"server_version":"saas~18.2"})"));
  EXPECT_EQ(p18.major, 18);
  EXPECT_THROW(profile_from_version(json::parse(R"({"server_version_info":[16,0]})")), std::runtime_error);
  EXPECT_THROW(profile_from_version(json::object()), std::runtime_error);
  json v17, v18;
  add_storable(p17, v17);
  add_storable(p18, v18);
  EXPECT_EQ(v17, json::parse(R"({"detailed_type":"product"})"));
  EXPECT_EQ(v18, json::parse(R"({"type":"consu","is_storable":true})"));
}

TEST(OdooRpcPlan, PayloadFromContent) {
  RpcConfig cfg = parse_config(base_config());
  Planned p = plan_content(content(), cfg);
  EXPECT_EQ(p.sku, "NB-1");
  EXPECT_EQ(p.fields["name"], "Notebook 14");
  EXPECT_EQ(p.fields["weight"], "1.5");
  EXPECT_EQ(p.fields["volume"], "0.06");  // 50×40×30 cm = 60,000 cm³
  EXPECT_EQ(p.fields["category"], "Air / Notebooks");
  EXPECT_EQ(p.fields["attributes"], json::parse(R"([["Marca","Lenovo"],["Memoria RAM","16 GB"]])"));
  EXPECT_EQ(p.fields["seller"], json::parse(R"({"price":"123.4","currency":"USD"})"));
  EXPECT_EQ(p.fields["x_tecsync_mpn"], "20XX-01");
  EXPECT_FALSE(p.fields.contains("barcode"));  // the supplier did not say: left alone
  EXPECT_EQ(p.image_urls, (std::vector<std::string>{"http://img/a.png", "http://img/b.jpg"}));
  EXPECT_EQ(number_of("0.06"), json(0.06));
}

TEST(OdooRpcPlan, HashesFollowContentProfileAndMapping) {
  RpcConfig cfg = parse_config(base_config());
  Planned a = plan_content(content(), cfg), b = plan_content(content(), cfg);
  Profile p17, p18;
  p18.major = 18;
  EXPECT_EQ(content_hash(a.fields, p17, cfg), content_hash(b.fields, p17, cfg));
  EXPECT_EQ(content_hash(a.fields, p17, cfg).size(), 32u);
  EXPECT_NE(content_hash(a.fields, p17, cfg), content_hash(a.fields, p18, cfg));
  RpcConfig other = cfg;
  other.lang = "en_US";
  EXPECT_NE(content_hash(a.fields, p17, cfg), content_hash(a.fields, p17, other));
  other = cfg;
  other.category_map = {{"Notebooks", "Laptops"}};
  EXPECT_NE(content_hash(plan_content(content(), other).fields, p17, cfg), content_hash(a.fields, p17, cfg));
  b.fields["name"] = "Notebook 15";
  EXPECT_NE(content_hash(a.fields, p17, cfg), content_hash(b.fields, p17, cfg));
  EXPECT_EQ(changed_keys(b.fields, a.fields), std::vector<std::string>{"name"});
  EXPECT_EQ(changed_keys(json::parse(R"({"a":1})"), json::object()), std::vector<std::string>{"a"});
  EXPECT_NE(images_hash({"a", "b"}), images_hash({"b", "a"}));
}

TEST(OdooRpcImages, SniffAndCheck) {
  EXPECT_EQ(sniff_image(test::png_bytes()), ImageFormat::png);
  EXPECT_EQ(sniff_image(test::jpeg_bytes()), ImageFormat::jpeg);
  EXPECT_EQ(sniff_image("GIF89a...."), ImageFormat::gif);
  EXPECT_EQ(sniff_image(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), ImageFormat::webp);
  EXPECT_EQ(sniff_image("<html>"), ImageFormat::unknown);
  EXPECT_EQ(image_problem(200, "image/png", test::png_bytes()), "");
  EXPECT_EQ(image_problem(200, "text/html; charset=utf-8", "<html>"), "content-type text/html is not image/*");
  EXPECT_EQ(image_problem(200, "image/jpeg", "<html>"), "bytes are not PNG/JPEG/GIF/WEBP");
  EXPECT_EQ(image_problem(404, "text/html", ""), "HTTP 404");
  // Cut short: the magic bytes are there, the end marker is not.
  EXPECT_EQ(image_problem(200, "image/png", test::png_bytes(300).substr(0, 200)), "image is cut short (no end marker)");
  EXPECT_EQ(image_problem(200, "image/jpeg", test::jpeg_bytes(300).substr(0, 200)),
            "image is cut short (no end marker)");
  EXPECT_TRUE(image_complete(ImageFormat::gif, "GIF89a....;"));
  EXPECT_FALSE(image_complete(ImageFormat::gif, "GIF89a...."));
  EXPECT_TRUE(image_complete(ImageFormat::webp, std::string("RIFF\x04\0\0\0WEBP", 12)));
  EXPECT_FALSE(image_complete(ImageFormat::webp, std::string("RIFF\xff\0\0\0WEBP", 12)));
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

TEST(OdooRpcImages, DownloadChecksSizeTypeAndMagic) {
  test::FakeOdoo http;
  http.serve("http://img/ok.png", 200, "image/png", test::png_bytes(100));
  http.serve("http://img/big.png", 200, "image/png", test::png_bytes(5000));
  http.serve("http://img/html", 200, "text/html", "<html>");
  ImageLimits lim;
  lim.max_bytes = 1000;
  auto got =
      download_images(http, {"http://img/ok.png", "http://img/big.png", "http://img/html", "http://img/404"}, lim);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].problem, "");
  EXPECT_EQ(got[0].bytes.size(), 100u);
  EXPECT_NE(got[1].problem.find("TooLarge"), std::string::npos) << got[1].problem;
  EXPECT_EQ(got[2].problem, "content-type text/html is not image/*");
  EXPECT_EQ(got[3].problem, "HTTP 404");
}

TEST(OdooRpcErrors, BranchOnDataName) {
  EXPECT_EQ(classify_error_name("odoo.exceptions.AccessDenied"), RpcErrorKind::access_denied);
  EXPECT_EQ(classify_error_name("odoo.exceptions.ValidationError"), RpcErrorKind::record);
  EXPECT_EQ(classify_error_name("odoo.exceptions.UserError"), RpcErrorKind::record);
  EXPECT_EQ(classify_error_name("psycopg2.errors.SerializationFailure"), RpcErrorKind::transient);
  EXPECT_EQ(classify_error_name("builtins.ValueError"), RpcErrorKind::fatal);
  auto e = parse_answer(
      Status::ok(), 200,
      R"({"jsonrpc":"2.0","id":7,"error":{"code":200,"message":"Odoo Server Error","data":{)"
      R"("name":"odoo.exceptions.ValidationError","message":"bad barcode","arguments":[],"context":{}}}})");
  EXPECT_EQ(e.kind, RpcErrorKind::record);
  EXPECT_EQ(e.message, "bad barcode");
  EXPECT_EQ(parse_answer(Status::ok(), 503, "").kind, RpcErrorKind::transient);
  EXPECT_EQ(parse_answer(Status::ok(), 400, "Invalid JSON data").kind, RpcErrorKind::fatal);
  EXPECT_EQ(parse_answer(Status::failed(FailureArea::api, "FeedTransportError.Timeout", "t"), 0, "").kind,
            RpcErrorKind::transient);
  EXPECT_EQ(parse_answer(Status::ok(), 200, "<html>").kind, RpcErrorKind::fatal);
  auto ok = parse_answer(Status::ok(), 200, R"({"jsonrpc":"2.0","id":1,"result":[1,2]})");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.result, json::parse("[1,2]"));
  EXPECT_EQ(
      json::parse(request_body("common", "version", json::array(), 3)),
      json::parse(
          R"({"jsonrpc":"2.0","method":"call","params":{"service":"common","method":"version","args":[]},"id":3})"));
}

TEST(OdooRpcErrors, TransientRetriedCreateOnlyWhenRolledBack) {
  test::FakeOdoo odoo;
  int fails = 0;
  std::string fail_as = "psycopg2.errors.SerializationFailure";
  odoo.inject = [&](const std::string& model, const std::string&, const json&) -> json {
    if (model == "res.partner" && fails-- > 0) return {{"name", fail_as}, {"message", "could not serialize"}};
    return nullptr;
  };
  JsonRpc rpc(odoo, {"http://odoo", 5, 3, std::chrono::milliseconds(1), 4}, nullptr, nullptr);
  rpc.set_auth("odoo", 2, odoo.api_key);
  fails = 2;
  KwCall create{"res.partner", "create", json::array({json::array({{{"name", "A"}}})}), json::object(), false};
  EXPECT_TRUE(rpc.execute(create).ok());
  EXPECT_EQ(rpc.retries(), 2);
  fails = 1;
  odoo.inject = [&](const std::string&, const std::string&, const json&) -> json {
    return fails-- > 0 ? json{{"http", 502}} : json(nullptr);
  };
  auto o = rpc.execute(create);  // 502 on a create: it may have landed; not repeated
  EXPECT_EQ(o.kind, RpcErrorKind::transient);
  fails = 1;
  EXPECT_TRUE(rpc.execute({"res.partner", "search_read", json::array({json::array()}), {{"fields", {"id"}}}}).ok());
}
