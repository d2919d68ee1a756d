#include "pricing_transform.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "odoo_rates.hpp"
#include "price_rule.hpp"

namespace tecsync::pricing {

PricingTransform::PricingTransform(const HostServices& host) : config_(parse_config(host.config)) {
  log_ = &host.log;
  counters_ = &host.counters;
}

PricingTransform::PricingTransform(PricingConfig config) : config_(std::move(config)) {}

Status PricingTransform::rates(const StreamFacts& facts, const FxTable*& out) {
  if (config_.rate != RateMode::odoo) {
    // Cheap, and the facts may change between cycles: rebuild every batch.
    table_ = fx_from_config(config_, facts);
    out = &table_;
    return Status::ok();
  }
  const auto now = std::chrono::steady_clock::now();
  if (!odoo_read_at_ || now - *odoo_read_at_ > std::chrono::seconds(config_.odoo_rate_ttl_s)) {
    try {
      table_ = read_odoo_rates(config_.dsn, config_.company);
    } catch (const std::exception& e) {
      return Status::failed(FailureArea::db, "DbError", std::string("pricing: ") + e.what());
    }
    odoo_read_at_ = now;
    if (log_) log_->info("pricing: " + table_.source + ", " + std::to_string(table_.fx.size()) + " rate(s)");
  }
  out = &table_;
  return Status::ok();
}

Status PricingTransform::apply(OfferBatch& batch, const StreamFacts& facts) {
  const FxTable* table = nullptr;
  if (Status s = rates(facts, table); !s) return s;

  std::int64_t priced = 0, no_price = 0, no_fx = 0;
  std::vector<Offer> kept;
  kept.reserve(batch.offers.size());
  for (Offer& offer : batch.offers) {
    if (!offer.cost || offer.cost->units() <= 0) {
      offer.list_price.reset();
      const bool flagged = std::any_of(offer.warnings.begin(), offer.warnings.end(),
                                       [](const RowIssue& w) { return w.code == "NO_PRICE"; });
      if (!flagged)
        offer.warnings.push_back(
            {offer.origin, offer.sku, "NO_PRICE",
             offer.cost ? "cost " + offer.cost->to_string(2) + " ≤ 0: price left alone" : "no cost: price left alone"});
      ++no_price;
      kept.push_back(std::move(offer));
      continue;
    }
    auto fx = table->lookup(offer.currency);
    if (!fx) {
      batch.rejects.push_back({offer.origin, offer.sku, "NO_FX_RATE",
                               "no exchange rate from " + (offer.currency.empty() ? "(no currency)" : offer.currency) +
                                   " to " + table->company_currency + " (" + table->source + ")"});
      ++no_fx;
      continue;
    }
    auto price = list_price(*offer.cost, config_.margin_percent, *fx, config_.rounding);
    if (!price) {
      batch.rejects.push_back({offer.origin, offer.sku, "OUT_OF_RANGE",
                               "list price of cost " + offer.cost->to_string() + " " + offer.currency +
                                   " does not fit the fixed-point range"});
      continue;
    }
    offer.list_price = price;
    ++priced;
    kept.push_back(std::move(offer));
  }
  batch.offers = std::move(kept);
  if (counters_) {
    counters_->add("priced", priced);
    counters_->add("no_price", no_price);
    if (no_fx) counters_->add("no_fx_rate", no_fx);
  }
  return Status::ok();
}

}  // namespace tecsync::pricing
