#pragma once
/// @file
/// Where both Air forms put their rows: de-duplicates SKUs across the whole
/// feed, fills bounded batches and hands them to the pipeline, stream facts first.
///
/// Duplicates (cases/README, case 007), compared on cost, currency, VAT and every
/// mapped quantity:
///  * identical to the first row of that SKU: the later row is dropped and
///    reported in `batch.rejects` with code `DUPLICATE_IDENTICAL` (a warning:
///    the SKU still lands, from its first row);
///  * different: no row is preferred. The later row is rejected with
///    `DUPLICATE_CONFLICT`, and so is the first one (a second RowIssue at the
///    first row's origin). If the first row's offer is still in the batch being
///    filled it is removed; if it was already emitted, the sink must drop any
///    offer of a SKU that has a `DUPLICATE_CONFLICT` reject in the cycle.
///    Later rows of that SKU are rejected with `DUPLICATE_CONFLICT` too.
/// Memory: the first row's values per distinct SKU (≈ 100 bytes with two
/// warehouses) plus one batch.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"
#include "tecsync/records.hpp"

namespace tecsync::air {

class OfferStream {
 public:
  explicit OfferStream(Emitter& out) : out_(out) {}

  /// Facts to hand on before the first batch (kept until then; may be updated).
  StreamFacts& facts() { return facts_; }

  /// Hands the facts on now (the pipeline then begins the sink), unless they
  /// were sent and have not changed. Called by the API form right after login;
  /// otherwise the first row sends them. A non-ok status means stop reading.
  Status send_facts();

  /// One accepted row. May emit a batch; a non-ok status means stop reading.
  Status add(Offer&& offer);
  /// One rejected row. May emit a batch.
  Status reject(RowIssue&& issue);
  /// Emits what is left (also a batch of only rejects) and the facts if no
  /// batch was emitted yet.
  Status finish();

  /// Data rows seen: offers + rejects (duplicates included). 0 = empty feed.
  std::uint64_t rows() const { return rows_; }
  std::uint64_t offers_emitted() const { return offers_emitted_; }

 private:
  /// The first row of a SKU, as the values `fingerprint` prints: kept as
  /// numbers (no per-SKU string), its stock levels in `stock_pool_`.
  struct Seen {
    std::int64_t cost = 0;          ///< Decimal units, when `has_cost`
    std::int64_t vat = 0;           ///< Decimal units, when `has_vat`
    std::uint32_t stock_at = 0;     ///< first of its levels in `stock_pool_`
    std::uint32_t stock_count = 0;  ///< how many
    std::uint32_t resource = 0;
    std::uint32_t currency = 0;  ///< index in `names_`
    std::uint64_t line = 0;
    bool has_cost = false, has_vat = false, conflicted = false;
  };
  struct SeenStock {
    std::uint32_t warehouse = 0;  ///< index in `names_`
    std::int64_t quantity = 0;    ///< Decimal units
  };
  Status flush_if_full();
  Status flush();
  std::uint32_t resource_index(const std::string& resource);
  std::uint32_t name_index(const std::string& name);
  void remember(Seen& seen, const Offer& offer);
  bool same_values(const Seen& seen, const Offer& offer) const;
  /// `fingerprint()` of the row `seen` was taken from.
  std::string fingerprint_of(const Seen& seen) const;
  /// The SKU's entry, added (`inserted`) when new. Valid until the next SKU is added.
  Seen& entry_for(const std::string& sku, bool& inserted);
  void grow_slots();

  Emitter& out_;
  StreamFacts facts_;
  bool facts_sent_ = false;
  std::optional<std::chrono::sys_seconds> sent_list_time_;  ///< list_time when the facts were last sent
  OfferBatch batch_;
  // SKU → Seen as an open-addressing table: one probe of a flat array per row
  // instead of std::unordered_map's bucket + node chase (18 % of API parsing
  // at 100,000 SKUs, nearly all cache misses). Entries are never erased.
  struct Entry {
    std::string sku;
    Seen seen;
  };
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> slots_;  ///< 0 = free, else hash tag (high 32 bits) << 32 | entry index + 1
  std::vector<SeenStock> stock_pool_;
  std::vector<std::string> names_;  ///< currencies and warehouse codes met so far (a handful)
  std::vector<std::string> resources_;
  std::uint64_t rows_ = 0;
  std::uint64_t offers_emitted_ = 0;
};

/// The values that decide whether two rows of one SKU agree.
std::string fingerprint(const Offer& offer);

}  // namespace tecsync::air
