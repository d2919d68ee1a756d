#pragma once
/// @file
/// The cycle's set-based SQL: resolve the staged feed against Odoo and write only
/// what changed. Runs inside the caller's transaction; never commits.

#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <string>

#include "config.hpp"
#include "target_check.hpp"

namespace tecsync::odoo {

/// What one application of the staged feed did (or would have done, if rolled back).
struct ApplyResult {
  std::int64_t offers_read = 0;                      ///< staged offers, duplicates included
  std::int64_t offers_matched = 0;                   ///< distinct SKUs matched to exactly one active in-scope variant
  std::int64_t unknown_sku = 0;                      ///< UNKNOWN_SKU: no in-scope product (never created)
  std::int64_t archived = 0;                         ///< PRODUCT_ARCHIVED: only archived in-scope products
  std::int64_t ambiguous_sku = 0;                    ///< AMBIGUOUS_SKU: several active in-scope variants share it
  std::int64_t variant_price_conflict = 0;           ///< SKUs whose template got different prices
  std::int64_t no_price = 0;                         ///< matched SKUs without a list price (NO_PRICE)
  std::int64_t prices_changed = 0;                   ///< product_template rows whose list_price changed
  std::int64_t quants_changed = 0;                   ///< stock_quant rows updated
  std::int64_t quants_created = 0;                   ///< stock_quant rows inserted
  std::int64_t absent_zeroed = 0;                    ///< absent products whose quants were set to 0 (rule A1)
  std::int64_t pulses_written = 0;                   ///< product_template rows whose pulse field changed
  std::int64_t reserved_clamped = 0;                 ///< targets below reserved_quantity, kept at reserved
  std::int64_t rejects = 0;                          ///< rows rejected upstream (staged kind 'reject')
  std::map<std::string, std::int64_t> reject_codes;  ///< rejects by code
  /// Row warnings staged upstream (kind 'warning': STOCK_TEXT, DUPLICATE_IDENTICAL, …) by code.
  std::map<std::string, std::int64_t> warning_codes;
  std::int64_t absent_candidates = 0;  ///< active in-scope products absent from the feed
  bool absent_suppressed = false;      ///< rule A2 fired
  std::string absent_reason;           ///< why (coverage or unreadable keys)

  std::int64_t rows_written() const { return prices_changed + quants_changed + quants_created + pulses_written; }
};

/// What staging found out about the feed (StageLog), so the apply step can take
/// the cheaper statements where they give the same result.
struct FeedShape {
  bool unique_codes = false;  ///< every staged code distinct, no DUPLICATE_CONFLICT reject
  bool stock_merges = false;  ///< some offer has two stock rows landing on one location
};

/// Applies the staged feed in `tx` (which the caller opened with its lock and
/// statement timeouts). `pulse_suffix` is ` · flash · <UTC time>`. Throws
/// DbFailure naming the step, table and, for a lock, the SKUs whose rows are held.
ApplyResult apply_cycle(pqxx::work& tx, const SinkConfig& config, const Target& target, const FeedShape& shape,
                        const std::string& pulse_suffix);

}  // namespace tecsync::odoo
