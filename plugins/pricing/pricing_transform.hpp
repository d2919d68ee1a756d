#pragma once
/// @file
/// The pricing transform: sets `Offer::list_price` in the company currency.

#include <chrono>
#include <optional>
#include <span>
#include <vector>

#include "config.hpp"
#include "fx.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"
#include "tecsync/records.hpp"
#include "tecsync/status.hpp"

namespace tecsync::pricing {

/// Prices every offer of a batch in place:
/// * cost present and > 0, currency convertible → `list_price` set;
/// * cost absent or ≤ 0 → `list_price` stays nullopt, warning `NO_PRICE` (stock
///   still applies downstream);
/// * currency not convertible → the offer moves to `batch.rejects` with code
///   `NO_FX_RATE` (never a guessed rate).
class PricingTransform {
 public:
  explicit PricingTransform(const HostServices& host);
  /// Testing/embedding: no host logging or counters.
  explicit PricingTransform(PricingConfig config);

  Status apply(OfferBatch& batch, const StreamFacts& facts);

  /// `tecsync check`: with `rate = odoo`, reads Odoo's rates once (read-only)
  /// and reports the company currency and how many rates it found; otherwise
  /// reports the rate mode (nothing to connect to). See check.cpp.
  Status check(std::vector<ReportItem>& report);

  /// Every key of `[transform.<name>]` for the host's validation (config_keys.cpp).
  static std::span<const ConfigKey> config_keys();

  const PricingConfig& config() const { return config_; }

 private:
  /// The rates for this batch; `rate = odoo` reads the DB once per TTL (once per cycle).
  Status rates(const StreamFacts& facts, const FxTable*& out);

  PricingConfig config_;
  Logger* log_ = nullptr;
  Counters* counters_ = nullptr;
  FxTable table_;
  std::optional<std::chrono::steady_clock::time_point> odoo_read_at_;
};

}  // namespace tecsync::pricing
