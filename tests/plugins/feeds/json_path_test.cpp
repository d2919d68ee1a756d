// The json_feed path grammar: pointers, array indexes, escapes, [key=value] filters.

#include <gtest/gtest.h>

#include "json_doc.hpp"

namespace {

using namespace tecsync::feeds;

std::string at(const json& doc, const std::string& path) {
  std::string error;
  auto p = parse_path(path, error);
  if (!p) return "error: " + error;
  const json* v = find(doc, *p);
  if (!v) return "missing";
  auto c = to_cell(*v);
  return c ? c->text : "not a scalar";
}

TEST(JsonPath, PointersIndexesFiltersAndEscapes) {
  std::string error;
  auto doc = parse_page(R"({"a": {"b/c": 1, "t~": "x"}, "w": [{"name": "Rosario", "q": "3"}, {"name": 7, "q": 2.50}],
                            "n": null})",
                        error);
  ASSERT_TRUE(doc) << error;
  EXPECT_EQ(at(*doc, "/a/b~1c"), "1");
  EXPECT_EQ(at(*doc, "/a/t~0"), "x");
  EXPECT_EQ(at(*doc, "/w/0/q"), "3");
  EXPECT_EQ(at(*doc, "/w/1/q"), "2.50");  // as written
  EXPECT_EQ(at(*doc, "/w[name=Rosario]/q"), "3");
  EXPECT_EQ(at(*doc, "/w[name=7]/q"), "2.50");
  EXPECT_EQ(at(*doc, "/w[ name = Rosario ]/q"), "3");
  EXPECT_EQ(at(*doc, "/w[name=Salta]/q"), "missing");
  EXPECT_EQ(at(*doc, "/w/5/q"), "missing");
  EXPECT_EQ(at(*doc, "/n"), "");
  EXPECT_EQ(at(*doc, "/a"), "not a scalar");
  EXPECT_EQ(at(*doc, "a/b").rfind("error:", 0), 0u);
  EXPECT_EQ(at(*doc, "/w[name=x/q").rfind("error:", 0), 0u);
  EXPECT_EQ(at(*doc, "/w[name=x]q").rfind("error:", 0), 0u);
}

TEST(JsonPath, NumbersKeepTheirText) {
  std::string error;
  auto doc = parse_page(R"([1.10, 1e3, 12345678901234567890, -3])", error);
  ASSERT_TRUE(doc) << error;
  auto c = to_cell((*doc)[0]);
  EXPECT_EQ(c->text, "1.10");
  EXPECT_TRUE(c->number && c->fractional);
  EXPECT_EQ(to_cell((*doc)[1])->text, "1e3");
  EXPECT_EQ(to_cell((*doc)[2])->text, "12345678901234567890");
  EXPECT_FALSE(to_cell((*doc)[3])->fractional);
}

TEST(JsonPath, InvalidJsonNamesTheByte) {
  std::string error;
  EXPECT_FALSE(parse_page("{\"a\": [1, 2,]}", error));
  EXPECT_NE(error.find("byte"), std::string::npos) << error;
}

}  // namespace
