// The deep strategy of the air source: CARACTERISTICAS specs, the
// characteristics CSV (case 011, encodings, rejects), get_meta shapes, the API
// deep read with canned answers (meta failure → warning, 401 → new login), and a
// generated 2,000-SKU catalog over real loopback HTTP with parallel get_meta and
// 403 throttling, checked field by field against the generator's truth.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "deep_content.hpp"
#include "deep_meta.hpp"
#include "deep_sheet.hpp"
#include "fake_host.hpp"
#include "loopback_http.hpp"
#include "source.hpp"

namespace fs = std::filesystem;
using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;
using nlohmann::json;
using tecsync::ProductContent;
using tecsync::Strategy;
using V = std::vector<std::string>;

namespace {

std::vector<ProductContent> contents(const Collector& c) {
  std::vector<ProductContent> all;
  for (const auto& b : c.batches) all.insert(all.end(), b.contents.begin(), b.contents.end());
  return all;
}

V codes(const std::vector<tecsync::RowIssue>& issues) {
  V out;
  for (const auto& i : issues) out.push_back(std::to_string(i.origin.line) + " " + i.code + " " + i.sku);
  return out;
}

V spec_text(const ProductContent& c) {
  V out;
  for (const auto& s : c.specs) out.push_back(s.label + "=" + s.value);
  return out;
}

fs::path write_temp(const std::string& name, const std::string& bytes) {
  fs::path p = fs::temp_directory_path() / ("air_deep_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

}  // namespace

TEST(AirDeepSpecs, LabelsValuesNotesAndPartNumber) {
  ProductContent c;
  c.sku = "X";
  tecsync::air::apply_characteristics(
      c,
      "Resolución: 1920x1080 @ 60 Hz: nativa |  | Relación: 16:9\nN\xC2\xB0 Parte: AB-1, rev 2 | color: rojo | "
      "Color: azul | Incluye cable | Garantía: ");
  EXPECT_EQ(spec_text(c), (V{"Resolución=1920x1080 @ 60 Hz: nativa", "Relación=16:9", "color=rojo"}));
  EXPECT_EQ(c.mpn, "AB-1");
  EXPECT_EQ(c.description, "Incluye cable");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0].code, "DUPLICATE_SPEC");  // `Color` folds to `color`: the first wins
  tecsync::air::add_images(c, {" http://a/1.png", "-", "", "ftp://x/2.png", "http://a/1.png", "https://b/3.jpg"});
  EXPECT_EQ(c.image_urls, (V{"http://a/1.png", "https://b/3.jpg"}));
  EXPECT_EQ(c.warnings.back().code, "IMAGE_URL_SKIPPED");
}

TEST(AirDeepSheet, Case011Records) {
  auto path = fs::path(TECSYNC_AIR_CASES) / "011-quoted-newline-separator" / "caracteristicas.csv";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is missing";
  FakeHost h;
  h.set("form", "sheet");
  h.set("url", "unused.csv");
  h.set("characteristics_url", path.string());
  tecsync::air::AirSource src(h.services());
  Collector out;
  out.size = 2;  // bounded batches: 3 contents → 2 batches
  ASSERT_TRUE(src.read(Strategy::deep, out).is_ok());
  auto all = contents(out);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(out.batches.size(), 2u);
  EXPECT_TRUE(out.rejects().empty());
  EXPECT_EQ(all[0].sku, "JX-1101");
  EXPECT_EQ(all[0].origin.line, 2u);
  EXPECT_EQ(all[0].name, "Monitor 24 FHD");
  EXPECT_EQ(all[0].mpn, "MN-24IPS");
  EXPECT_EQ(spec_text(all[0]), (V{"Panel=IPS, 75 Hz", "Entradas=HDMI; VGA"}));
  EXPECT_EQ(all[0].description, "Incluye cable de 1,5 m");
  EXPECT_EQ(all[0].image_urls, (V{"https://img.example.test/jx1101_1.jpg", "https://img.example.test/jx1101_2.jpg"}));
  EXPECT_EQ(all[1].origin.line, 5u);
  EXPECT_EQ(all[1].mpn, "NB-14R7");
  EXPECT_EQ(spec_text(all[1]), (V{"Pantalla=14\" FHD", "Procesador=8 núcleos", "Memoria=16 GB; SSD 512 GB"}));
  EXPECT_EQ(all[2].origin.line, 7u);
  EXPECT_EQ(all[2].mpn, "PR-L200");
  EXPECT_EQ(all[2].image_urls.size(), 3u);  // `-` is not an image
  for (const auto& c : all) EXPECT_TRUE(c.warnings.empty()) << c.sku;
}

TEST(AirDeepSheet, Latin1SemicolonRejectsAndOptionalColumns) {
  // Windows-1252 bytes (Ó = D3, º = BA), `;` separator, CRLF, a quoted newline,
  // `;` and `|` inside quotes; then a blank SKU, a mangled one, a short row.
  std::string csv =
      "CODPROV;DESCRIPCI\xD3N;CARACTERISTICAS;MARCA;RUBRO;IMG1;IMG2;Extra\r\n"
      "A-1;Cable HDMI;\"Largo: 1,5 m; trenzado | N\xBA Parte: HD-15\r\nColor: negro\";NORTEC;Cables;"
      "http://i/a1.png;-;x\r\n"
      " ;Sin c\xF3"
      "digo;Color: rojo;;;;;\r\n"
      "1.23457E+11;Excel;Color: rojo;;;;;\r\n"
      "B-2;Corta;Color: azul\r\n"
      "C-3;Mouse;;;;;;\r\n";
  auto path = write_temp("latin1.csv", csv);
  FakeHost h;
  h.set("form", "sheet");
  h.set("url", "unused.csv");
  h.set("characteristics_url", path.string());
  tecsync::air::AirSource src(h.services());
  Collector out;
  ASSERT_TRUE(src.read(Strategy::deep, out).is_ok());
  fs::remove(path);
  auto all = contents(out);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "Cable HDMI");
  EXPECT_EQ(all[0].mpn, "HD-15");
  EXPECT_EQ(all[0].brand, "NORTEC");
  EXPECT_EQ(all[0].category, (V{"Cables"}));
  EXPECT_EQ(spec_text(all[0]), (V{"Largo=1,5 m; trenzado", "Color=negro"}));
  EXPECT_EQ(all[0].image_urls, (V{"http://i/a1.png"}));
  EXPECT_EQ(all[1].sku, "C-3");
  EXPECT_EQ(all[1].origin.line, 7u);
  EXPECT_EQ(codes(out.rejects()), (V{"4 BLANK_SKU ", "5 MANGLED_SKU 1.23457E+11", "6 BAD_ROW B-2"}));
  ASSERT_EQ(h.pulses.pulses.size(), 1u);  // `Extra` reported once
  EXPECT_NE(h.pulses.pulses[0].text.find("UNKNOWN_COLUMN"), std::string::npos);
}

TEST(AirDeepSheet, FailuresAreFeedLevel) {
  auto run = [](const std::string& body) {
    auto path = write_temp("fail.csv", body);
    FakeHost h;
    h.set("form", "sheet");
    h.set("url", "unused.csv");
    h.set("characteristics_url", path.string());
    tecsync::air::AirSource src(h.services());
    Collector out;
    auto s = src.read(Strategy::deep, out);
    fs::remove(path);
    return s.error_class;
  };
  EXPECT_EQ(run("<!DOCTYPE html><html>login</html>"), "FeedFormatError");
  EXPECT_EQ(run("SKU,CARACTERISTICAS\nA,b\n"), "FeedSchemaError");
  EXPECT_EQ(run("CODPROV,CARACTERISTICAS\n"), "FeedEmpty");
  EXPECT_EQ(run(""), "FeedEmpty");
  EXPECT_EQ(run("CODPROV,CARACTERISTICAS\nA,\"Color: rojo"), "FeedTransportError.Incomplete");
  FakeHost h;  // no characteristics_url for a sheet deep read
  h.set("form", "sheet");
  h.set("url", "x.csv");
  tecsync::air::AirSource src(h.services());
  Collector out;
  EXPECT_EQ(src.read(Strategy::deep, out).error_class, "PluginConfigError");
}

TEST(AirDeepMeta, Shapes) {
  tecsync::air::AirConfig cfg;
  auto apply = [&](const std::string& text) {
    ProductContent c;
    c.sku = "S";
    c.description = "nota";
    tecsync::air::apply_meta_json(c, json::parse(text), cfg);
    return c;
  };
  auto c = apply(R"([{"caracteristicas":[{"nombre":"PN","valor":"Q-1"},{"nombre":"Color","valor":"rojo"},
      {"nombre":"Peso","valor":2}],"imagenes":["http://i/1.png",{"url":"http://i/2.png"},"-"],
      "peso_kg":"1,25","dimensiones_cm":{"largo":10,"ancho":"20.5","alto":3},"descripcion":"Texto",
      "marca":"ANDES","categoria":"MOUSE","ean":7791234567890}])");
  EXPECT_EQ(spec_text(c), (V{"Color=rojo", "Peso=2"}));
  EXPECT_EQ(c.mpn, "Q-1");
  EXPECT_EQ(c.image_urls, (V{"http://i/1.png", "http://i/2.png"}));
  EXPECT_EQ(c.weight_kg->to_string(2), "1.25");
  EXPECT_EQ(c.dimensions_cm->width.to_string(1), "20.5");
  EXPECT_EQ(c.description, "Texto\nnota");
  EXPECT_EQ(c.brand, "ANDES");
  EXPECT_EQ(c.category, (V{"MOUSE"}));
  EXPECT_EQ(c.barcode, "7791234567890");
  EXPECT_TRUE(c.warnings.empty());

  c = apply(R"({"caracteristicas":{"Color":"azul"},"dimensiones_cm":"10 x 20 x 0","peso_kg":-1,"imagenes":5})");
  EXPECT_EQ(spec_text(c), (V{"Color=azul"}));
  EXPECT_FALSE(c.dimensions_cm);
  EXPECT_FALSE(c.weight_kg);
  EXPECT_EQ(codes(c.warnings), (V{"0 BAD_META S", "0 BAD_META S", "0 BAD_META S"}));
  c = apply(R"({"dimensiones_cm":[1,2,3],"caracteristicas":"Color: verde | Nº Parte: Z"})");
  EXPECT_EQ(c.dimensions_cm->height.to_string(0), "3");
  EXPECT_EQ(c.mpn, "Z");
  EXPECT_EQ(codes(apply("{}").warnings), (V{"0 META_UNAVAILABLE S"}));
  EXPECT_EQ(codes(apply("[1,2]").warnings), (V{"0 BAD_META S"}));
}

namespace {

const std::string kBase = "http://127.0.0.1:8089/v2/";

std::string query_value(const std::string& url, const std::string& key) {
  auto p = url.find(key + "=");
  if (p == std::string::npos) return "";
  auto e = url.find('&', p);
  return url.substr(p + key.size() + 1, e == std::string::npos ? std::string::npos : e - p - key.size() - 1);
}

}  // namespace

TEST(AirDeepApi, MetaFailuresAreWarningsAndRelogin) {
  FakeHost h;
  h.set("url", kBase);
  h.set("user", "u");
  h.set("password", "p");
  int logins = 0;
  int meta_401 = 0;
  h.http.route = [&](const tecsync::HttpRequest& r) -> CannedAnswer {
    std::string q = query_value(r.url, "q");
    if (q == "login") return {200, R"({"token":"t)" + std::to_string(++logins) + R"(","cotiza":"1000"})"};
    if (q == "articulos") {
      EXPECT_EQ(r.method, "POST");
      if (query_value(r.url, "page") == "0")
        return {
            200,
            R"([{"codigo":"A1","descrip":"Mouse A","part_number":"PA","precio":"10.5","moneda":"DOL","rubro":"030-0100"},
                         {"codigo":"B2","descrip":"Teclado","precio":"x","moneda":"DOL"},
                         {"codigo":1.5e3,"descrip":"mangled"},
                         {"codigo":"C3","descrip":"Cable","precio":1200,"moneda":"PES"}])"};
      if (query_value(r.url, "page") == "1") return {200, R"([{"codigo":"C3","descrip":"Cable"}])"};
      return {200, "[]"};
    }
    EXPECT_EQ(q, "get_meta");
    std::string code = query_value(r.url, "codiart");
    if (code == "A1") {
      if (r.headers[0].second == "Bearer t1" && meta_401++ == 0) return {401, R"({"error_id":401})"};
      return {
          200,
          R"({"caracteristicas":[{"nombre":"DPI","valor":"1600"}],"imagenes":["http://i/a.png"],"marca":"NORTEC"})"};
    }
    if (code == "B2") return {200, "<br /><b>Notice</b>: oops"};
    return {404, R"({"error_id":404,"error_name":"Not Found"})"};
  };
  tecsync::air::AirSource src(h.services());
  Collector out;
  out.size = 2;
  auto s = src.read(Strategy::deep, out);
  ASSERT_TRUE(s.is_ok()) << s.detail;
  EXPECT_EQ(logins, 2);  // the 401 on a meta logged in again once
  auto all = contents(out);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sku, "A1");
  EXPECT_EQ(all[0].name, "Mouse A");
  EXPECT_EQ(all[0].mpn, "PA");
  EXPECT_EQ(all[0].brand, "NORTEC");
  EXPECT_EQ(all[0].category, (V{"030-0100"}));
  EXPECT_EQ(all[0].cost->to_string(2), "10.50");
  EXPECT_EQ(all[0].currency, "USD");
  EXPECT_EQ(spec_text(all[0]), (V{"DPI=1600"}));
  EXPECT_TRUE(all[0].warnings.empty());
  EXPECT_EQ(all[1].sku, "B2");
  EXPECT_FALSE(all[1].cost);
  EXPECT_EQ(codes(all[1].warnings), (V{"2 BAD_NUMBER B2", "2 BAD_META B2"}));
  EXPECT_EQ(all[2].sku, "C3");
  EXPECT_EQ(all[2].currency, "ARS");
  EXPECT_EQ(codes(all[2].warnings), (V{"4 META_UNAVAILABLE C3"}));
  EXPECT_EQ(codes(out.rejects()), (V{"3 MANGLED_SKU 1500.0"}));
  EXPECT_EQ(codes(out.warnings()), (V{"1 DUPLICATE_IDENTICAL C3"}));  // page overlap: no second meta
  int metas = 0;
  for (const auto& r : h.http.requests) metas += query_value(r.url, "q") == "get_meta";
  EXPECT_EQ(metas, 4);  // A1 twice (401), B2, C3
  ASSERT_EQ(out.facts_seen.size(), 1u);
  EXPECT_EQ(out.facts_seen[0].supplier_fx->to_string(0), "1000");
}

TEST(AirDeepApi, ListFailureFailsTheCycle) {
  FakeHost h;
  h.set("url", kBase);
  h.set("user", "u");
  h.set("password", "p");
  h.http.route = [&](const tecsync::HttpRequest& r) -> CannedAnswer {
    if (query_value(r.url, "q") == "login") return {200, R"({"token":"t","cotiza":"1000"})"};
    return {200, "<html>maintenance</html>"};
  };
  tecsync::air::AirSource src(h.services());
  Collector out;
  EXPECT_EQ(src.read(Strategy::deep, out).error_class, "FeedFormatError");
  h.http.route = [&](const tecsync::HttpRequest&) -> CannedAnswer { return {401, R"({"error_id":401})"}; };
  EXPECT_EQ(src.read(Strategy::deep, out).error_class, "FeedTransportError.ApiError");
}

TEST(AirDeepKeys, EveryReadKeyIsDeclared) {
  auto keys = tecsync::air::AirSource::config_keys();
  std::set<std::string> names;
  for (const auto& k : keys) names.insert(k.name);
  for (const char* k : {"form", "url", "user", "password", "query", "warehouse.*", "characteristics_url",
                        "max_parallel", "meta_min_interval", "meta_retry_statuses", "meta_key.specs", "meta_key.images",
                        "meta_key.weight", "meta_key.dimensions", "item_key.category"})
    EXPECT_TRUE(names.count(k)) << k;
  EXPECT_EQ(names.size(), keys.size());  // no key twice
}
