#include "fx.hpp"

namespace tecsync::pricing {

std::optional<Decimal> FxTable::lookup(const std::string& currency) const {
  if (currency == company_currency) return Decimal::from_int(1);
  auto it = fx.find(currency);
  if (it == fx.end() || it->second.units() <= 0) return std::nullopt;
  return it->second;
}

FxTable fx_from_config(const PricingConfig& config, const StreamFacts& facts) {
  FxTable t;
  t.company_currency = config.company_currency;
  if (config.rate == RateMode::fixed) {
    t.source = "rate = fixed:" + config.fixed_rate.to_string(6);
    if (t.company_currency != "USD") t.fx["USD"] = config.fixed_rate;
  } else {
    t.source = "rate = air";
    // The supplier's quote converts fx_base into fx_quote; it helps only when
    // the quote currency is the one prices are wanted in.
    if (facts.supplier_fx && facts.supplier_fx->units() > 0 && facts.fx_quote == t.company_currency)
      t.fx[facts.fx_base] = *facts.supplier_fx;
  }
  return t;
}

}  // namespace tecsync::pricing
