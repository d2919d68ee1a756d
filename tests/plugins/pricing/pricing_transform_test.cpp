// The transform over batches: each rate mode, NO_PRICE, NO_FX_RATE, config errors.
#include <gtest/gtest.h>

#include <boost/property_tree/ini_parser.hpp>
#include <sstream>
#include <stdexcept>

#include "config.hpp"
#include "pricing_transform.hpp"

using namespace tecsync;
using namespace tecsync::pricing;

namespace {

Decimal d(const char* s) { return *Decimal::parse(s); }

PricingConfig cfg(const std::string& ini) {
  std::istringstream in("[transform.pricing]\n" + ini);
  boost::property_tree::ptree root;
  boost::property_tree::read_ini(in, root);
  return parse_config(root.find("transform.pricing")->second);  // the dot is part of the key
}

Offer offer(const std::string& sku, std::optional<Decimal> cost, const std::string& currency) {
  Offer o;
  o.sku = sku;
  o.cost = cost;
  o.currency = currency;
  o.origin = {"feed.csv", 2};
  o.stock = {{"S_CBA", Decimal::from_int(3)}};
  return o;
}

StreamFacts air_facts(const char* cotiza) {
  StreamFacts f;
  f.supplier_fx = d(cotiza);
  return f;
}

}  // namespace

TEST(PricingConfig, Defaults) {
  PricingConfig c = cfg("plugin = pricing\n");
  EXPECT_EQ(c.margin_percent, Decimal{});
  EXPECT_EQ(c.rounding, d("0.01"));
  EXPECT_EQ(c.company_currency, "ARS");
  EXPECT_EQ(c.rate, RateMode::air);
}

TEST(PricingConfig, InlineCommentsAndFixedRate) {
  PricingConfig c = cfg("margin_percent = 30\nrate = fixed:1187.50   ; air | odoo | fixed:n\nrounding = 1\n");
  EXPECT_EQ(c.margin_percent, d("30"));
  EXPECT_EQ(c.rate, RateMode::fixed);
  EXPECT_EQ(c.fixed_rate, d("1187.5"));
  EXPECT_EQ(c.rounding, d("1"));
}

TEST(PricingConfig, BadValuesNameTheKey) {
  EXPECT_THROW(cfg("rate = bogus\n"), std::invalid_argument);
  EXPECT_THROW(cfg("rate = fixed:abc\n"), std::invalid_argument);
  EXPECT_THROW(cfg("rate = fixed:0\n"), std::invalid_argument);
  EXPECT_THROW(cfg("rounding = 0\n"), std::invalid_argument);
  EXPECT_THROW(cfg("margin_percent = 1,5\n"), std::invalid_argument);
  EXPECT_THROW(cfg("rate = odoo\n"), std::invalid_argument);  // no dsn
  try {
    cfg("margin_percent = 3O\n");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("margin_percent"), std::string::npos);
  }
}

TEST(PricingTransform, RateAirUsesTheSupplierQuote) {
  PricingTransform t(cfg("margin_percent = 30\nrate = air\n"));
  OfferBatch b;
  b.offers.push_back(offer("A1", d("100"), "USD"));
  ASSERT_TRUE(t.apply(b, air_facts("1187.50")));
  ASSERT_EQ(b.offers.size(), 1u);
  EXPECT_EQ(b.offers[0].list_price, d("154375.00"));
}

TEST(PricingTransform, RateAirWithoutQuoteRejectsUsdRows) {
  PricingTransform t(cfg("rate = air\n"));
  OfferBatch b;
  b.offers.push_back(offer("A1", d("100"), "USD"));
  b.offers.push_back(offer("A2", d("5000"), "ARS"));
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  ASSERT_EQ(b.offers.size(), 1u);
  EXPECT_EQ(b.offers[0].sku, "A2");
  EXPECT_EQ(b.offers[0].list_price, d("5000"));
  ASSERT_EQ(b.rejects.size(), 1u);
  EXPECT_EQ(b.rejects[0].code, "NO_FX_RATE");
  EXPECT_EQ(b.rejects[0].sku, "A1");
  EXPECT_EQ(b.rejects[0].origin.line, 2u);
  EXPECT_NE(b.rejects[0].detail.find("USD"), std::string::npos);
}

TEST(PricingTransform, RateFixed) {
  PricingTransform t(cfg("margin_percent = 10\nrate = fixed:1000\n"));
  OfferBatch b;
  b.offers.push_back(offer("F1", d("2.50"), "USD"));
  ASSERT_TRUE(t.apply(b, air_facts("1187.50")));  // the supplier's quote is ignored
  EXPECT_EQ(b.offers[0].list_price, d("2750"));
}

TEST(PricingTransform, ArsCostWithArsCompanyNeedsNoRate) {
  PricingTransform t(cfg("margin_percent = 30\nrate = fixed:1000\n"));
  OfferBatch b;
  b.offers.push_back(offer("P1", d("1000"), "ARS"));
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  EXPECT_EQ(b.offers[0].list_price, d("1300"));
}

TEST(PricingTransform, UnconvertibleCurrencyIsRejectedNeverGuessed) {
  PricingTransform t(cfg("rate = fixed:1000\n"));
  OfferBatch b;
  b.offers.push_back(offer("E1", d("10"), "EUR"));
  b.offers.push_back(offer("U1", d("10"), "USD"));
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  ASSERT_EQ(b.offers.size(), 1u);
  EXPECT_EQ(b.offers[0].sku, "U1");
  ASSERT_EQ(b.rejects.size(), 1u);
  EXPECT_EQ(b.rejects[0].code, "NO_FX_RATE");
  EXPECT_NE(b.rejects[0].detail.find("EUR"), std::string::npos);
}

TEST(PricingTransform, NoCostKeepsStockAndWarnsNoPrice) {
  PricingTransform t(cfg("margin_percent = 30\nrate = fixed:1000\n"));
  OfferBatch b;
  b.offers.push_back(offer("Z0", d("0"), "USD"));
  b.offers.push_back(offer("Z1", std::nullopt, "USD"));
  b.offers.push_back(offer("Z2", d("-3"), "EUR"));  // no price wins over no rate
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  ASSERT_EQ(b.offers.size(), 3u);
  EXPECT_TRUE(b.rejects.empty());
  for (const Offer& o : b.offers) {
    EXPECT_FALSE(o.list_price) << o.sku;
    ASSERT_EQ(o.warnings.size(), 1u) << o.sku;
    EXPECT_EQ(o.warnings[0].code, "NO_PRICE");
    EXPECT_EQ(o.stock.size(), 1u);
  }
}

TEST(PricingTransform, ExistingNoPriceWarningIsNotDuplicated) {
  PricingTransform t(cfg("rate = fixed:1000\n"));
  OfferBatch b;
  b.offers.push_back(offer("Z1", std::nullopt, "USD"));
  b.offers[0].warnings.push_back({b.offers[0].origin, "Z1", "NO_PRICE", "empty cell"});
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  EXPECT_EQ(b.offers[0].warnings.size(), 1u);
}

TEST(PricingTransform, HalfUpAtFiveThousandths) {
  PricingTransform t(cfg("rate = fixed:1\ncompany_currency = ARS\n"));
  OfferBatch b;
  b.offers.push_back(offer("H1", d("0.005"), "ARS"));
  b.offers.push_back(offer("H2", d("2.675"), "USD"));
  ASSERT_TRUE(t.apply(b, StreamFacts{}));
  EXPECT_EQ(b.offers[0].list_price, d("0.01"));
  EXPECT_EQ(b.offers[1].list_price, d("2.68"));
}
