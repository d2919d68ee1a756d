#pragma once
/// @file
/// Assertions the Air feed cases share (helper for cNNN_*_test.cpp): Odoo
/// values per SKU and the exact set of reported rows in tecsync.reject.

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "support/case_test.hpp"

namespace tecsync::cases {

/// One row of an expected.md "Odoo after" table.
struct Want {
  const char* sku;
  const char* price;  ///< list_price, 2 decimals
  const char* cba;    ///< qty at WH/Stock/Air Córdoba
  const char* bue;    ///< qty at WH/Stock/Air Buenos Aires
};

inline void expect_odoo(CaseOdoo& odoo, std::initializer_list<Want> rows) {
  for (const Want& w : rows) {
    EXPECT_EQ(odoo.price(w.sku), w.price) << w.sku;
    EXPECT_EQ(odoo.qty(w.sku, kCordoba), w.cba) << w.sku;
    EXPECT_EQ(odoo.qty(w.sku, kBuenosAires), w.bue) << w.sku;
  }
}

/// Every tecsync.reject row of the latest cycle as "kind line sku CODE", for messages.
inline std::string dump_reported(const CaseOdoo& odoo) {
  std::string s;
  for (const auto& r : odoo.rejects())
    s += "\n  " + r.kind + " " + std::to_string(r.line) + " '" + r.sku + "' " + r.code + ": " + r.detail;
  return s.empty() ? "\n  (nothing reported)" : s;
}

/// The rows of kind `reject` and `warning` (not SKU outcomes), as sorted
/// "kind line sku CODE" strings: what a case's "Reported" section lists.
inline std::vector<std::string> reported_rows(const CaseOdoo& odoo) {
  std::vector<std::string> out;
  for (const auto& r : odoo.rejects())
    if (r.kind == "reject" || r.kind == "warning")
      out.push_back(r.kind + " " + std::to_string(r.line) + " " + r.sku + " " + r.code);
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

/// Codes of the latest cycle's `outcome` rows (ABSENT_ZEROED, ABSENT_ZEROING_SUPPRESSED, …).
inline std::multiset<std::string> outcome_codes(const CaseOdoo& odoo) {
  std::multiset<std::string> out;
  for (const auto& r : odoo.rejects())
    if (r.kind == "outcome") out.insert(r.code);
  return out;
}

/// A2 reported: the run's pulse names ABSENT_ZEROING_SUPPRESSED with `reason`
/// (the odoo_sql sink reports it in the pulse, not as a tecsync.reject row) and
/// nothing was zeroed.
inline void expect_absent_suppressed(const CaseRun& r, const std::string& reason) {
  EXPECT_NE(r.pulse().find("ABSENT_ZEROING_SUPPRESSED"), std::string::npos) << r.pulse();
  EXPECT_NE(r.pulse().find(reason), std::string::npos) << r.pulse();
  EXPECT_EQ(r.count("absent_zeroed"), 0) << r.describe();
}

/// Nothing in the run's log, stdout or run record holds U+FFFD, a BOM or UTF-8
/// read as latin-1 (`Ã`), i.e. no text was garbled (cases 001, 002).
inline void expect_clean_text(const CaseRun& r) {
  for (const std::string* s : {&r.out, &r.err}) {
    EXPECT_EQ(s->find("\xEF\xBF\xBD"), std::string::npos) << "U+FFFD in:\n" << *s;
    EXPECT_EQ(s->find("\xEF\xBB\xBF"), std::string::npos) << "U+FEFF in:\n" << *s;
    EXPECT_EQ(s->find("\xC3\x83"), std::string::npos) << "mojibake in:\n" << *s;
  }
}

}  // namespace tecsync::cases
