// Self-tests of the Odoo JSON-RPC test server (tests/servers/odoo_rpc_server.py):
// it must refuse what Odoo refuses, with Odoo's error shape (odoo-facts §7),
// per profile, or the deep-sync tests built on it prove nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/odoo_rpc_server.hpp"

namespace tecsync::it {
namespace {

using nlohmann::json;

// 8-byte PNG signature + filler: enough for a magic-bytes check.
const char* kPngB64 = "iVBORw0KGgowMDAwMDAwMDAwMDAwMDAwMDAwMA==";

/// The error's data, after checking the envelope Odoo's JsonRPCDispatcher gives.
json error_data(const json& answer) {
  EXPECT_EQ(answer.value("jsonrpc", ""), "2.0") << answer.dump();
  EXPECT_TRUE(answer.contains("id")) << answer.dump();
  EXPECT_FALSE(answer.contains("result")) << answer.dump();
  const auto& error = answer.at("error");
  EXPECT_EQ(error.at("code"), 200);
  EXPECT_EQ(error.at("message"), "Odoo Server Error");
  const auto& data = error.at("data");
  for (const char* key : {"name", "debug", "message", "arguments", "context"}) {
    EXPECT_TRUE(data.contains(key)) << key << " missing in " << data.dump();
  }
  EXPECT_EQ(data.at("arguments"), json::array({data.at("message")}));
  EXPECT_EQ(data.at("context"), json::object());
  return data;
}

/// A JSON list from its items: never collapsed the way nlohmann's `{x}` is.
json L(std::vector<json> items) { return json(std::move(items)); }
/// [domain] as search's positional args: [[leaf, …]].
json where(std::vector<json> leaves) { return L({L(std::move(leaves))}); }
const json kAll = L({L({})});  // [[]]: search everything

void expect_error(const json& answer, const std::string& name, const std::string& message) {
  auto data = error_data(answer);
  EXPECT_EQ(data.at("name"), name) << answer.dump();
  EXPECT_EQ(data.at("message"), message) << answer.dump();
}

TEST(OdooRpcServer, VersionAndAuthenticationPerProfile) {
  for (int profile : {17, 18}) {
    OdooRpcServer odoo({.profile = profile});
    auto version = odoo.rpc("common", "version", json::array()).at("result");
    EXPECT_EQ(version.at("server_serie"), std::to_string(profile) + ".0");
    EXPECT_EQ(version.at("server_version_info")[0], profile);
    EXPECT_EQ(version.at("protocol_version"), 1);
    EXPECT_EQ(odoo.rpc("common", "authenticate", L({"odoo", "admin", kOdooTestApiKey, json::object()})).at("result"),
              2);
    EXPECT_EQ(odoo.rpc("common", "authenticate", L({"odoo", "admin", "admin", json::object()})).at("result"), 2);
    // A bad password is `false`, not an error (odoo-facts §7).
    EXPECT_EQ(odoo.rpc("common", "authenticate", L({"odoo", "admin", "nope", json::object()})).at("result"), false);
    EXPECT_EQ(odoo.rpc("common", "login", L({"odoo", "admin", kOdooTestApiKey})).at("result"), 2);
  }
}

TEST(OdooRpcServer, BadCredentialsOnExecuteKwAreAccessDenied) {
  OdooRpcServer odoo;
  auto answer =
      odoo.rpc("object", "execute_kw", L({"odoo", 2, "wrong-key", "product.template", "search", kAll, json::object()}));
  expect_error(answer, "odoo.exceptions.AccessDenied", "Access Denied");
  answer = odoo.rpc("object", "execute_kw",
                    L({"odoo", 7, kOdooTestApiKey, "product.template", "search", kAll, json::object()}));
  expect_error(answer, "odoo.exceptions.AccessDenied", "Access Denied");
  answer = odoo.rpc("object", "execute_kw",
                    L({"nodb", 2, kOdooTestApiKey, "product.template", "search", kAll, json::object()}));
  EXPECT_EQ(error_data(answer).at("name"), "psycopg2.OperationalError");
}

TEST(OdooRpcServer, ExecuteKwArityAndArgumentShapes) {
  OdooRpcServer odoo;
  const std::string key = kOdooTestApiKey;
  expect_error(odoo.rpc("object", "execute_kw", L({"odoo", 2, key, "product.template"})), "builtins.TypeError",
               "execute_kw() missing 2 required positional arguments: 'method' and 'args'");
  expect_error(
      odoo.rpc("object", "execute_kw", L({"odoo", 2, key, "product.template", "search", kAll, json::object(), 1})),
      "builtins.TypeError", "execute_kw() takes from 5 to 6 positional arguments but 7 were given");
  // args must be a list; kwargs a dict (an empty list passes, as in Odoo: `**kw or {}`)
  EXPECT_EQ(error_data(odoo.execute_kw("product.template", "search", json::object())).at("name"), "builtins.TypeError");
  EXPECT_EQ(
      error_data(odoo.rpc("object", "execute_kw", L({"odoo", 2, key, "product.template", "search", kAll, L({1})})))
          .at("name"),
      "builtins.TypeError");
  // the method's own signature
  expect_error(odoo.execute_kw("product.template", "search", L({})), "builtins.TypeError",
               "BaseModel.search() missing 1 required positional argument: 'domain'");
  expect_error(odoo.execute_kw("product.template", "search", kAll, {{"colour", 1}}), "builtins.TypeError",
               "BaseModel.search() got an unexpected keyword argument 'colour'");
  expect_error(odoo.execute_kw("no.such.model", "search", kAll), "odoo.exceptions.UserError",
               "Object no.such.model doesn't exist");
  // kwargs may be left out (execute_kw's kw=None)
  EXPECT_TRUE(
      odoo.rpc("object", "execute_kw", L({"odoo", 2, key, "product.category", "search", kAll})).contains("result"));
}

TEST(OdooRpcServer, FieldsAreCheckedPerProfile) {
  OdooRpcServer odoo17({.profile = 17});
  OdooRpcServer odoo18({.profile = 18});
  // 17: storable is detailed_type='product'; 18 has no detailed_type.
  EXPECT_TRUE(odoo17.execute_kw("product.template", "create", L({{{"name", "A"}, {"detailed_type", "product"}}}))
                  .at("result")
                  .is_number_integer());
  expect_error(odoo18.execute_kw("product.template", "create", L({{{"name", "A"}, {"detailed_type", "product"}}})),
               "builtins.ValueError", "Invalid field 'detailed_type' on model 'product.template'");
  expect_error(odoo18.execute_kw("product.template", "create", L({{{"name", "A"}, {"type", "product"}}})),
               "builtins.ValueError", "Wrong value for product.template.type: 'product'");
  EXPECT_TRUE(
      odoo18.execute_kw("product.template", "create", L({{{"name", "A"}, {"type", "consu"}, {"is_storable", true}}}))
          .contains("result"));
  expect_error(odoo17.execute_kw("product.template", "create", L({{{"name", "A"}, {"is_storable", true}}})),
               "builtins.ValueError", "Invalid field 'is_storable' on model 'product.template'");
  // unknown fields in a domain and in `fields`
  expect_error(odoo17.execute_kw("product.product", "search", where({L({"nosuchfield", "=", 1})})),
               "builtins.ValueError", "Invalid field product.product.nosuchfield in leaf ('nosuchfield', '=', 1)");
  expect_error(odoo17.execute_kw("product.template", "search_read", kAll, {{"fields", L({"name", "colour"})}}),
               "builtins.ValueError", "Invalid field 'colour' on model 'product.template'");
  // a required field left out, a many2one to nothing
  auto data = error_data(odoo17.execute_kw("product.template", "create", L({{{"default_code", "X"}}})));
  EXPECT_EQ(data.at("name"), "odoo.exceptions.ValidationError");
  EXPECT_NE(data.at("message").get<std::string>().find("Field: Name (name)"), std::string::npos);
  data = error_data(odoo17.execute_kw("product.template", "create", L({{{"name", "A"}, {"categ_id", 999}}})));
  EXPECT_EQ(data.at("name"), "odoo.exceptions.ValidationError");
  // product.image only with website_sale
  expect_error(odoo17.execute_kw("product.image", "search", kAll), "odoo.exceptions.UserError",
               "Object product.image doesn't exist");
  OdooRpcServer shop({.profile = 17, .website_sale = true});
  EXPECT_TRUE(shop.execute_kw("product.image", "search", kAll).contains("result"));
}

TEST(OdooRpcServer, ImagesMustBeBase64OfAnImage) {
  OdooRpcServer odoo;
  expect_error(odoo.execute_kw("product.template", "create", L({{{"name", "A"}, {"image_1920", "abc"}}})),
               "odoo.exceptions.UserError", "Image is not encoded in base64.");
  expect_error(odoo.execute_kw("product.template", "create", L({{{"name", "A"}, {"image_1920", "aGVsbG8gd29ybGQ="}}})),
               "odoo.exceptions.UserError", "This file could not be decoded as an image file.");
  auto id = odoo.execute_kw("product.template", "create", L({{{"name", "A"}, {"image_1920", kPngB64}}})).at("result");
  auto stored = odoo.records("product.template").back();
  EXPECT_EQ(stored.at("id"), id);
  EXPECT_EQ(stored.at("image_1920").at("mimetype"), "image/png");
  EXPECT_EQ(odoo.call_counts().at("images_written"), 1);
}

TEST(OdooRpcServer, CreateAnswersAnIdForADictAndIdsForAList) {
  OdooRpcServer odoo;
  EXPECT_TRUE(odoo.execute_kw("product.category", "create", L({{{"name", "One"}}})).at("result").is_number_integer());
  auto many = odoo.execute_kw("product.category", "create", L({L({{{"name", "Two"}}, {{"name", "Three"}}})}));
  ASSERT_TRUE(many.at("result").is_array()) << many.dump();
  EXPECT_EQ(many.at("result").size(), 2u);
  // a failing record in a list leaves no trace of the others (one call, one transaction)
  auto before = odoo.records("product.category").size();
  error_data(odoo.execute_kw("product.category", "create", L({L({{{"name", "Four"}}, {{"parent_id", 1}}})})));
  EXPECT_EQ(odoo.records("product.category").size(), before);
}

TEST(OdooRpcServer, TranslationsAndAttributeLines) {
  OdooRpcServer odoo;
  json es = {{"context", {{"lang", "es_AR"}}}};
  auto tmpl =
      odoo.execute_kw("product.template", "create", L({{{"name", "Ratón"}, {"default_code", "S1"}}}), es).at("result");
  auto name = odoo.records("product.template").back().at("name");
  EXPECT_EQ(name, json({{"en_US", "Ratón"}, {"es_AR", "Ratón"}}));  // en_US filled as Odoo does
  odoo.execute_kw("product.template", "write", L({L({tmpl}), {{"name", "Mouse"}}}));
  odoo.execute_kw("product.template", "write", L({L({tmpl}), {{"name", "Mouse óptico"}}}), es);
  name = odoo.records("product.template").back().at("name");
  EXPECT_EQ(name, json({{"en_US", "Mouse"}, {"es_AR", "Mouse óptico"}}));
  auto read = odoo.execute_kw("product.template", "read", L({L({tmpl}), L({"name", "default_code"})}), es).at("result");
  EXPECT_EQ(read[0].at("name"), "Mouse óptico");
  // the variant exists and shares the code
  auto variants = odoo.records("product.product");
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].at("default_code"), "S1");
  EXPECT_EQ(variants[0].at("product_tmpl_id"), tmpl);

  auto attr = odoo.execute_kw("product.attribute", "create", L({{{"name", "Marca"}, {"create_variant", "no_variant"}}}))
                  .at("result");
  auto other =
      odoo.execute_kw("product.attribute", "create", L({{{"name", "Color"}, {"create_variant", "no_variant"}}}))
          .at("result");
  auto value = odoo.execute_kw("product.attribute.value", "create", L({{{"name", "Logitech"}, {"attribute_id", attr}}}))
                   .at("result");
  auto line_of = [&](const json& attribute, const json& values) {
    json vals = {{"attribute_id", attribute}, {"value_ids", values}};
    return L({L({tmpl}), {{"attribute_line_ids", L({L({0, 0, vals})})}}});
  };
  expect_error(
      odoo.execute_kw("product.template", "write", line_of(other, L({L({6, 0, L({value})})}))),
      "odoo.exceptions.ValidationError",
      "On the product [S1] Mouse you cannot associate the value Marca: Logitech with the attribute Color because "
      "they do not match.");
  expect_error(odoo.execute_kw("product.template", "write", line_of(attr, L({L({9, 0, 0})}))), "builtins.ValueError",
               "Wrong value for product.template.attribute.line.value_ids: [[9, 0, 0]]");
  EXPECT_EQ(odoo.execute_kw("product.template", "write", line_of(attr, L({L({6, 0, L({value})})}))).at("result"), true);
  auto lines = odoo.records("product.template.attribute.line");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("value_ids"), L({value}));
}

TEST(OdooRpcServer, ManualFieldsJoinTheirModel) {
  for (int profile : {17, 18}) {
    OdooRpcServer odoo({.profile = profile});
    auto model_id =
        odoo.execute_kw("ir.model", "search", where({L({"model", "=", "product.template"})})).at("result")[0];
    expect_error(odoo.execute_kw("product.template", "search", where({L({"x_tecsync_pulse", "!=", false})})),
                 "builtins.ValueError",
                 "Invalid field product.template.x_tecsync_pulse in leaf ('x_tecsync_pulse', '!=', False)");
    json bad = {{"name", "tecsync_pulse"}, {"model_id", model_id}, {"ttype", "char"}, {"field_description", "Pulse"}};
    expect_error(odoo.execute_kw("ir.model.fields", "create", L({bad})), "odoo.exceptions.ValidationError",
                 "The operation cannot be completed: Custom fields must have a name that starts with 'x_'!");
    json good = bad;
    good["name"] = "x_tecsync_pulse";
    EXPECT_TRUE(odoo.execute_kw("ir.model.fields", "create", L({good})).contains("result"));
    auto tmpl = odoo.execute_kw("product.template", "create", L({{{"name", "A"}, {"x_tecsync_pulse", "✅ Success"}}}))
                    .at("result");
    auto read = odoo.execute_kw("product.product", "search_read", where({L({"product_tmpl_id", "=", tmpl})}),
                                {{"fields", L({"x_tecsync_pulse"})}});
    EXPECT_EQ(read.at("result")[0].at("x_tecsync_pulse"), "✅ Success") << read.dump();
  }
}

TEST(OdooRpcServer, ProtocolErrorsAndInjectedFailures) {
  OdooRpcServer odoo;
  auto reply = odoo.post("/jsonrpc", "{}", "text/plain");
  EXPECT_EQ(reply.status, 400);
  reply = odoo.post("/jsonrpc", "{not json", "application/json");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body, "Invalid JSON data");

  odoo.fail({{"kind", "serialization"}, {"model", "product.category"}, {"method", "create"}});
  expect_error(odoo.execute_kw("product.category", "create", L({{{"name", "X"}}})),
               "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update\n");
  EXPECT_TRUE(odoo.execute_kw("product.category", "create", L({{{"name", "X"}}})).contains("result"));
  EXPECT_EQ(odoo.records("product.category").size(), 4u);  // 3 seeded + 1: the failed call left nothing

  odoo.fail({{"kind", "http502"}, {"count", 1}});
  json request = {{"jsonrpc", "2.0"},
                  {"method", "call"},
                  {"id", 3},
                  {"params",
                   {{"service", "object"},
                    {"method", "execute_kw"},
                    {"args", L({"odoo", 2, kOdooTestApiKey, "product.category", "search", kAll})}}}};
  EXPECT_EQ(odoo.post("/jsonrpc", request.dump()).status, 502);
  EXPECT_EQ(odoo.post("/jsonrpc", request.dump()).status, 200);
}

TEST(OdooRpcServer, SeedResetAndCallCounts) {
  OdooRpcServer odoo({.profile = 18});
  auto ids = odoo.seed("product.template", L({{{"name", "Old"}, {"default_code", "S-OLD"}, {"type", "consu"}}}));
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(odoo.call_counts().at("total"), 0);  // seeding is not a call
  odoo.execute_kw("product.template", "search_read", where({L({"default_code", "=", "S-OLD"})}),
                  {{"fields", L({"id"})}});
  odoo.execute_kw("product.template", "write", L({L({ids[0]}), {{"weight", 1.5}}}));
  auto counts = odoo.call_counts(true);
  EXPECT_EQ(counts.at("reads"), 1);
  EXPECT_EQ(counts.at("writes"), 1);
  EXPECT_EQ(counts.at("by_method").at("product.template.write"), 1);
  EXPECT_EQ(counts.at("log").size(), 2u);
  odoo.reset(false);
  EXPECT_EQ(odoo.call_counts().at("total"), 0);
  EXPECT_EQ(odoo.records("product.template").size(), 1u);
  odoo.reset();
  EXPECT_EQ(odoo.records("product.template").size(), 0u);
  EXPECT_THROW(odoo.seed("product.template", L({{{"name", "X"}, {"detailed_type", "product"}}})), std::runtime_error);
}

}  // namespace
}  // namespace tecsync::it
