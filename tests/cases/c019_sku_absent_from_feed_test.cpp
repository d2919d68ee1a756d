// Case 019: an Air product missing from a valid feed gets 0 (A1); another
// supplier's product is never touched; below 50 % coverage nothing is zeroed (A2).
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

struct Want {
  const char* sku;
  const char* price;
  const char* cba;
  const char* bue;
};

void expect_rows(tecsync::cases::CaseOdoo& db, std::initializer_list<Want> rows) {
  for (const Want& w : rows) {
    EXPECT_EQ(db.price(w.sku), w.price) << w.sku;
    EXPECT_EQ(db.qty(w.sku, kCordoba), w.cba) << w.sku;
    EXPECT_EQ(db.qty(w.sku, kBuenosAires), w.bue) << w.sku;
    EXPECT_EQ(db.active(w.sku), std::optional<bool>(true)) << w.sku;
  }
}

TEST_F(Cases, c019_sku_absent_from_feed) {
  {
    SCOPED_TRACE("feed_a.csv: 3 of 4, AB-1804 zeroed");
    tecsync::cases::RunOptions o;
    o.url = serve("feed_a.csv");
    const auto other_before = odoo().scalar(
        "SELECT string_agg(q::text, ';' ORDER BY q.id) FROM stock_quant q JOIN product_product p ON p.id = "
        "q.product_id WHERE p.default_code = 'AB-9901'");
    auto r = run(o);
    ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe();
    expect_rows(odoo(), {{"AB-1801", "189.00", "2", "4"},
                         {"AB-1802", "410.00", "1", "0"},
                         {"AB-1803", "7.80", "50", "80"},
                         {"AB-1804", "7.90", "0", "0"},
                         {"AB-9901", "6.00", "5", "5"}});
    EXPECT_EQ(r.count("absent_zeroed"), 1) << r.describe();
    EXPECT_EQ(odoo().rejects("ABSENT_ZEROED", std::string("AB-1804")).size(), 1u);
    EXPECT_TRUE(odoo().rejects("ABSENT_ZEROED", std::string("AB-9901")).empty());
    EXPECT_EQ(odoo().scalar("SELECT string_agg(q::text, ';' ORDER BY q.id) FROM stock_quant q JOIN product_product "
                            "p ON p.id = q.product_id WHERE p.default_code = 'AB-9901'"),
              other_before)
        << "the other supplier's quants were written";
    EXPECT_TRUE(odoo().quants_invariant_i4());
    expect_second_run_writes_nothing(o);
  }
  {
    SCOPED_TRACE("feed_b.csv: 1 of 4, zeroing suppressed");
    fresh_db();
    tecsync::cases::RunOptions o;
    o.url = serve("feed_b.csv");
    auto r = run(o);
    ASSERT_EQ(r.status(), "OK_WITH_WARNINGS") << r.describe();
    expect_rows(odoo(), {{"AB-1801", "189.00", "2", "4"},
                         {"AB-1802", "400.00", "1", "1"},
                         {"AB-1803", "7.50", "40", "40"},
                         {"AB-1804", "7.90", "12", "20"},
                         {"AB-9901", "6.00", "5", "5"}});
    EXPECT_EQ(r.count("absent_zeroed"), 0) << r.describe();
    // An admin sees it: a ⚠️ pulse naming the suppression and the coverage.
    EXPECT_NE(r.pulse().find("⚠️"), std::string::npos) << r.describe();
    EXPECT_NE(r.pulse().find("ABSENT_ZEROING_SUPPRESSED"), std::string::npos) << r.describe();
    EXPECT_NE(r.pulse().find("25"), std::string::npos) << "coverage 1/4 = 25 %\n" << r.describe();
    EXPECT_TRUE(odoo().rejects("ABSENT_ZEROED").empty());
    expect_second_run_writes_nothing(o);
  }
}

}  // namespace
