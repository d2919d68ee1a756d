// rate = odoo against a real PostgreSQL loaded with the project's Odoo 17 schema.
#include <gtest/gtest.h>

#include <memory>

#include "config.hpp"
#include "odoo_rates.hpp"
#include "pricing_transform.hpp"
#include "support/test_db.hpp"

using namespace tecsync;
using namespace tecsync::pricing;

namespace {
Decimal d(const char* s) { return *Decimal::parse(s); }

Offer offer(const std::string& sku, const char* cost, const std::string& currency) {
  Offer o;
  o.sku = sku;
  o.cost = d(cost);
  o.currency = currency;
  o.origin = {"api", 1};
  return o;
}

PricingConfig odoo_cfg(const std::string& dsn) {
  PricingConfig c;
  c.rate = RateMode::odoo;
  c.dsn = dsn;
  c.margin_percent = d("30");
  return c;
}
}  // namespace

TEST(PricingOdooRate, UsdCompanyConvertsArsThroughOdoosRate) {
  // The seed: company currency USD, ARS rate 1000 (1 USD = 1000 ARS) → fx(ARS) = 0.001.
  pgtest::TestDb db({TECSYNC_ODOO17_SQL});
  FxTable t = read_odoo_rates(db.dsn(), "");
  EXPECT_EQ(t.company_currency, "USD");
  ASSERT_TRUE(t.lookup("ARS"));
  EXPECT_EQ(*t.lookup("ARS"), d("0.001"));
  EXPECT_EQ(*t.lookup("USD"), d("1"));
  EXPECT_FALSE(t.lookup("EUR"));

  PricingTransform tr(odoo_cfg(db.dsn()));
  OfferBatch b;
  b.offers.push_back(offer("A", "150000", "ARS"));  // 150000 ARS × 1.3 / 1000 = 195.00 USD
  b.offers.push_back(offer("B", "10", "USD"));
  b.offers.push_back(offer("C", "10", "EUR"));
  ASSERT_TRUE(tr.apply(b, StreamFacts{}));
  ASSERT_EQ(b.offers.size(), 2u);
  EXPECT_EQ(b.offers[0].list_price, d("195"));
  EXPECT_EQ(b.offers[1].list_price, d("13"));
  ASSERT_EQ(b.rejects.size(), 1u);
  EXPECT_EQ(b.rejects[0].code, "NO_FX_RATE");
}

TEST(PricingOdooRate, ArsCompanyLatestRateOnOrBeforeToday) {
  pgtest::TestDb db({TECSYNC_ODOO17_SQL});
  db.exec(R"SQL(
    UPDATE res_company SET currency_id = (SELECT id FROM res_currency WHERE name = 'ARS') WHERE id = 1;
    DELETE FROM res_currency_rate;
    INSERT INTO res_currency_rate (currency_id, company_id, name, rate) VALUES
      ((SELECT id FROM res_currency WHERE name='USD'), 1, DATE '2024-01-01', 1 / 900.0),
      ((SELECT id FROM res_currency WHERE name='USD'), 1, (now() AT TIME ZONE 'UTC')::date - 1, 1 / 1187.50),
      ((SELECT id FROM res_currency WHERE name='USD'), 1, (now() AT TIME ZONE 'UTC')::date + 5, 1 / 5000.0);
  )SQL");
  FxTable t = read_odoo_rates(db.dsn(), "My Company");
  EXPECT_EQ(t.company_currency, "ARS");
  ASSERT_TRUE(t.lookup("USD"));
  EXPECT_EQ(*t.lookup("USD"), d("1187.5"));  // yesterday's, not the future one nor the old one

  PricingTransform tr(odoo_cfg(db.dsn()));
  OfferBatch b;
  b.offers.push_back(offer("U", "100", "USD"));  // 100 × 1.3 × 1187.5
  b.offers.push_back(offer("P", "1000", "ARS"));
  ASSERT_TRUE(tr.apply(b, StreamFacts{}));
  EXPECT_EQ(b.offers[0].list_price, d("154375"));
  EXPECT_EQ(b.offers[1].list_price, d("1300"));
}

TEST(PricingOdooRate, UnknownCompanyOrDeadDatabaseFailsTheBatch) {
  pgtest::TestDb db({TECSYNC_ODOO17_SQL});
  EXPECT_THROW(read_odoo_rates(db.dsn(), "No Such Company"), std::runtime_error);
  PricingConfig c = odoo_cfg("host=127.0.0.1 port=1 dbname=x connect_timeout=2");
  PricingTransform tr(c);
  OfferBatch b;
  b.offers.push_back(offer("U", "100", "USD"));
  Status s = tr.apply(b, StreamFacts{});
  EXPECT_FALSE(s);
  EXPECT_EQ(s.area, FailureArea::db);
}
