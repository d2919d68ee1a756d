#pragma once
// What the Air-reader harnesses share: a fake host (tests/plugins/air/fake_host.hpp),
// a default config with two warehouses, and the checks every offer and reject
// must pass whatever the input.
#include <set>
#include <string>

#include "config.hpp"
#include "fake_host.hpp"
#include "fuzz_support.hpp"
#include "offer_stream.hpp"
#include "tecsync/text/sku.hpp"
#include "tecsync/text/trim.hpp"

namespace fuzz {

/// The plugin's own defaults for `form` (warehouses, columns), through
/// parse_config as the host would give them; `extra` adds keys (`price_column`).
inline tecsync::air::AirConfig air_config(const std::string& form,
                                          std::vector<std::pair<std::string, std::string>> extra = {}) {
  boost::property_tree::ptree section;
  section.push_back({"plugin", boost::property_tree::ptree("air")});
  section.push_back({"form", boost::property_tree::ptree(form)});
  section.push_back({"url", boost::property_tree::ptree(form == "api" ? "http://127.0.0.1:8089/v2/" : "feed.csv")});
  if (form == "api") {
    section.push_back({"user", boost::property_tree::ptree("reseller")});
    section.push_back({"password", boost::property_tree::ptree("x")});
  }
  for (auto& [k, v] : extra) section.push_back({k, boost::property_tree::ptree(v)});
  return tecsync::air::parse_config(section);
}

/// One reader run's visible result, as text (for equality checks).
struct Outcome {
  tecsync::Status status;
  std::string text;
};

/// Renders `collector`'s batches and the pulses, and checks the per-row invariants.
inline std::string render_and_check(const air_test::Collector& out, const air_test::FakeHost& host,
                                    const tecsync::air::AirConfig& c) {
  static const std::set<std::string> kRejects = {"BLANK_SKU",        "MANGLED_SKU",       "BAD_ROW",
                                                 "BAD_NUMBER",       "AMBIGUOUS_NUMBER",  "OUT_OF_RANGE",
                                                 "UNKNOWN_CURRENCY", "DUPLICATE_CONFLICT"};
  std::string s;
  for (const auto& o : out.offers()) {
    check(!o.sku.empty(), "an offer without SKU");
    check(tecsync::text::trim(o.sku) == o.sku, "an offer SKU with padding");
    check(!tecsync::text::looks_mangled(o.sku), "an offer with a mangled SKU");
    check(o.origin.line >= 1, "an offer without a line");
    if (o.cost) check(!o.cost->is_negative() && *o.cost <= c.max_cost, "cost out of range in an offer");
    if (o.vat_percent) check(!o.vat_percent->is_negative(), "negative VAT in an offer");
    for (const auto& st : o.stock)
      check(!st.quantity.is_negative() && st.quantity <= c.max_quantity, "stock out of range in an offer");
    s += show(o) + "\n";
  }
  for (const auto& r : out.rejects()) {
    check(kRejects.count(r.code) == 1, "a reject code outside the vocabulary");
    check(r.origin.line >= 1, "a reject without a line");
    s += "R " + show(r) + "\n";
  }
  for (const auto& w : out.warnings()) s += "W " + show(w) + "\n";
  for (const auto& p : host.pulses.pulses) s += "P " + p.text + "\n";
  return s;
}

}  // namespace fuzz
