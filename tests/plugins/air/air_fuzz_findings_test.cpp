// Regression tests for what the fuzz targets (tests/fuzz) found, through the
// real plugin class. Each names the committed seed that reproduces it.
#include <gtest/gtest.h>

#include "fake_host.hpp"
#include "source.hpp"

using air_test::CannedAnswer;
using air_test::Collector;
using air_test::FakeHost;

namespace {

/// Runs the API form against a login answer and one page, then `[]`.
tecsync::Status run_api_page(const std::string& page, Collector& out) {
  FakeHost host;
  host.set("plugin", "air");
  host.set("form", "api");
  host.set("url", "http://127.0.0.1:8089/v2/");
  host.set("user", "reseller");
  host.set("password", "x");
  host.set("warehouse.S_CBA", "cba");
  host.http.route = [&](const tecsync::HttpRequest& r) {
    if (r.url.find("q=login") != std::string::npos) return CannedAnswer{200, R"({"token":"t","cotiza":"1187.50"})"};
    return CannedAnswer{200, r.url.find("page=0") != std::string::npos ? page : "[]"};
  };
  tecsync::air::AirSource source(host.services());
  return source.read(tecsync::Strategy::flash, out);
}

}  // namespace

// tests/fuzz/seeds/api_page/regress-number-overflow.json: a JSON number beyond
// a double made nlohmann throw out_of_range (406), which read_api_page did not
// catch; the exception left the plugin instead of a FeedFormatError.
TEST(AirFuzzFindings, NumberBeyondDoubleIsAFormatError) {
  for (const std::string page : {R"([{"codigo":"A1","precio":1e999,"moneda":"DOL","cba":{"disponible":1}}])",
                                 R"([{"codigo":1.2e1612,"precio":"1.00","moneda":"DOL"}])"}) {
    Collector out;
    tecsync::Status s = run_api_page(page, out);
    EXPECT_EQ(s.outcome, tecsync::Outcome::failed) << page;
    EXPECT_EQ(s.error_class, "FeedFormatError") << page;
    EXPECT_EQ(s.area, tecsync::FailureArea::feed);
    EXPECT_NE(s.detail.find("page 0"), std::string::npos) << s.detail;
    EXPECT_TRUE(out.offers().empty());
  }
}

// tests/fuzz/seeds/sheet/regress-json-rows-no-object.json: a JSON-rows sheet
// whose rows are not objects (`[1]`) has no column names; the header check
// read the first name of an empty list (UB). Now it is a schema error.
TEST(AirFuzzFindings, JsonRowsWithoutObjectsIsASchemaError) {
  for (const std::string body : {"[1]", R"([1,"a",null,[]])"}) {
    FakeHost host;
    host.set("plugin", "air");
    host.set("form", "sheet");
    host.set("url", "http://127.0.0.1:8089/sheet/catalog.json");
    host.http.route = [&](const tecsync::HttpRequest&) { return CannedAnswer{200, body}; };
    Collector out;
    tecsync::air::AirSource source(host.services());
    tecsync::Status s = source.read(tecsync::Strategy::flash, out);
    EXPECT_EQ(s.outcome, tecsync::Outcome::failed) << body;
    EXPECT_EQ(s.error_class, "FeedSchemaError") << body << ": " << s.detail;
    EXPECT_TRUE(out.offers().empty());
  }
}
