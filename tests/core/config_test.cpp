// Config loading: INI sections, flat dotted keys, trailing comments, ${ENV}.
#include <gtest/gtest.h>

#include <map>

#include "config/config.hpp"
#include "test_util.hpp"

namespace tecsync::config {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

constexpr const char* kText = R"(
[tecsync]
plugin_path = /usr/lib/tecsync/plugins   ; default: the installed dir

[source.air]
plugin = air
url = http://127.0.0.1:8089/v2/          ; api base URL
password = ${AIR_PASSWORD}
warehouse.S_CBA = cba
warehouse.S_BUE = lug

[sink.odoo]
plugin = odoo_sql
dsn = host=127.0.0.1 port=5432 dbname=odoo user=odoo password=${ODOO_DB_PASSWORD}
)";

TEST(Config, ExpandsEnvironmentAndKeepsDottedKeysFlat) {
  Config c =
      parse(kText, "/etc/tecsync/tecsync.conf", fake_env({{"AIR_PASSWORD", "s3cret"}, {"ODOO_DB_PASSWORD", "pw"}}));
  EXPECT_EQ(c.get("source.air", "password"), "s3cret");
  EXPECT_EQ(c.get("sink.odoo", "dsn"), "host=127.0.0.1 port=5432 dbname=odoo user=odoo password=pw");
  EXPECT_EQ(c.get("source.air", "warehouse.S_CBA"), "cba");
  EXPECT_EQ(c.get("source.air", "warehouse.S_BUE"), "lug");
  // The section given to a plugin: keys are flat children.
  const auto* air = c.section("source.air");
  ASSERT_NE(air, nullptr);
  EXPECT_NE(air->find("warehouse.S_CBA"), air->not_found());
}

TEST(Config, StripsTrailingComments) {
  Config c = parse(kText, "x.conf", fake_env({{"AIR_PASSWORD", "a"}, {"ODOO_DB_PASSWORD", "b"}}));
  EXPECT_EQ(c.get("tecsync", "plugin_path"), "/usr/lib/tecsync/plugins");
  EXPECT_EQ(c.get("source.air", "url"), "http://127.0.0.1:8089/v2/");
}

TEST(Config, UnsetVariableNamesFileSectionAndKeyButNoValue) {
  try {
    parse(kText, "/etc/tecsync/tecsync.conf", fake_env({{"AIR_PASSWORD", "s3cret"}}));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("/etc/tecsync/tecsync.conf"), std::string::npos) << m;
    EXPECT_NE(m.find("[sink.odoo] dsn"), std::string::npos) << m;
    EXPECT_NE(m.find("ODOO_DB_PASSWORD"), std::string::npos) << m;
    EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
    EXPECT_EQ(m.find("dbname=odoo"), std::string::npos) << "the value must not leak: " << m;
  }
}

TEST(Config, EmptyVariableIsAllowedAndDollarAloneIsLiteral) {
  EXPECT_EQ(expand_env("a${X}b", "f", "s", "k", fake_env({{"X", ""}})), "ab");
}

TEST(Config, UnterminatedOrBadReferenceIsAnError) {
  EXPECT_THROW(expand_env("x${NAME", "f", "s", "k", fake_env({{"NAME", "v"}})), ConfigError);
  EXPECT_THROW(expand_env("x${A-B}", "f", "s", "k", fake_env({})), ConfigError);
  EXPECT_EQ(expand_env("price $5", "f", "s", "k", fake_env({})), "price $5");
}

TEST(Config, RequireAndNumbers) {
  Config c = parse("[p]\nn = 12\nx = 1.5\nbad = 1x\n", "f.conf", fake_env({}));
  EXPECT_EQ(c.get_int("p", "n", 0), 12);
  EXPECT_EQ(c.get_int("p", "missing", 7), 7);
  EXPECT_DOUBLE_EQ(c.get_double("p", "x", 0), 1.5);
  EXPECT_THROW(c.get_int("p", "bad", 0), ConfigError);
  EXPECT_THROW(c.require("p", "missing"), ConfigError);
  EXPECT_THROW(c.require("nosection", "k"), ConfigError);
}

TEST(Config, LoadsFromFileAndReportsSyntaxErrorsWithLine) {
  test::TempDir d;
  test::write_file(d / "ok.conf", "[a]\nk = v\n");
  EXPECT_EQ(load(d / "ok.conf").get("a", "k"), "v");
  test::write_file(d / "bad.conf", "[a]\nk = v\n[broken\n");
  try {
    load(d / "bad.conf");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.conf:3:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load(d / "absent.conf"), ConfigError);
}

}  // namespace
}  // namespace tecsync::config
