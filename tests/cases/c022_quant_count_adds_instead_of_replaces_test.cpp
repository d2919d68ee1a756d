// Case 022: a count replaces on-hand (never adds a quant line), duplicate quants
// for one key end with the right sum, reserved_quantity is never written, a
// counted 0 zeroes, and the second run writes nothing.
#include <string>

#include "support/case_test.hpp"

namespace {

using tecsync::cases::kBuenosAires;
using tecsync::cases::kCordoba;

TEST_F(Cases, c022_quant_count_adds_instead_of_replaces) {
  tecsync::cases::RunOptions o;
  o.url = serve("feed.csv");
  auto r = run(o);
  ASSERT_EQ(r.status(), "OK") << r.describe();
  EXPECT_EQ(r.exit_code, 0);

  EXPECT_EQ(odoo().qty("QT-2101", kCordoba), "75");
  EXPECT_EQ(odoo().quant_rows("QT-2101", kCordoba), 1);
  EXPECT_EQ(odoo().qty("QT-2101", kBuenosAires), "5");
  EXPECT_EQ(odoo().quant_rows("QT-2101", kBuenosAires), 1) << "one row created";

  EXPECT_EQ(odoo().qty("QT-2102", kCordoba), "75");
  const long rows_2102 = odoo().quant_rows("QT-2102", kCordoba);
  EXPECT_TRUE(rows_2102 == 1 || rows_2102 == 2) << rows_2102;
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM stock_quant q JOIN product_product p ON p.id = q.product_id WHERE "
                          "p.default_code = 'QT-2102' AND q.quantity < 0"),
            "0");
  EXPECT_EQ(odoo().qty("QT-2102", kBuenosAires), "10");
  EXPECT_EQ(odoo().quant_rows("QT-2102", kBuenosAires), 1);
  EXPECT_EQ(odoo().reserved("QT-2102", kBuenosAires), "4");

  EXPECT_EQ(odoo().qty("QT-2103", kCordoba), "0");
  EXPECT_LE(odoo().quant_rows("QT-2103", kCordoba), 1);
  EXPECT_EQ(odoo().qty("QT-2103", kBuenosAires), "0");
  EXPECT_EQ(odoo().quant_rows("QT-2103", kBuenosAires), 0) << "no row created for 0";

  // Prices equal Odoo's: only stock changed.
  EXPECT_EQ(odoo().price("QT-2101"), "455.00");
  EXPECT_EQ(odoo().price("QT-2102"), "189.00");
  EXPECT_EQ(odoo().price("QT-2103"), "39.00");
  EXPECT_EQ(r.count("prices_changed"), 0) << r.describe();
  EXPECT_TRUE(odoo().quants_invariant_i4());

  const auto quants = odoo().scalar("SELECT count(*) FROM stock_quant");
  expect_second_run_writes_nothing(o);
  EXPECT_EQ(odoo().scalar("SELECT count(*) FROM stock_quant"), quants);
}

}  // namespace
