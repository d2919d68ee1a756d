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
/// Memory: the first row's values per distinct SKU, packed (≈ 30 bytes with
/// two warehouses and a short SKU, index included) plus one batch.

#include <chrono>
#include <cstdint>
#include <memory>
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
  /// The first row of a SKU, decoded from its record in `arena_` (see offer_stream.cpp).
  struct Seen {
    unsigned char* head = nullptr;  ///< the record's first byte: its flags live there
    std::uint64_t line = 0;
    std::uint32_t resource = 0;             ///< index in `resources_`
    std::uint32_t shape = 0;                ///< index in `shapes_`
    std::optional<std::int64_t> cost, vat;  ///< Decimal units
    const unsigned char* stock = nullptr;   ///< one quantity per warehouse of the shape
    bool conflicted() const;
    void set_conflicted();
  };
  Status flush_if_full();
  Status flush();
  std::uint32_t resource_index(const std::string& resource);
  std::uint32_t shape_index(const Offer& offer);
  bool same_values(const Seen& seen, const Offer& offer);
  /// `fingerprint()` of the row `seen` was taken from.
  std::string fingerprint_of(const Seen& seen) const;
  /// The SKU's first row; when the SKU is new, `offer` becomes it (`inserted`).
  Seen seen_for(const Offer& offer, bool& inserted);
  /// Appends `offer`'s record to the arena; returns its location (chunk << 20 | offset).
  std::uint64_t append_record(const Offer& offer);
  unsigned char* record_at(std::uint64_t location);
  void grow(std::vector<std::uint64_t>& shard);

  Emitter& out_;
  StreamFacts facts_;
  bool facts_sent_ = false;
  std::optional<std::chrono::sys_seconds> sent_list_time_;  ///< list_time when the facts were last sent
  OfferBatch batch_;
  // SKU → first row, ≈ 30 bytes per SKU at 1,000,000 SKUs (was ≈ 165): each
  // SKU's first row is one packed record (SKU bytes and varints) in an arena
  // of fixed-size chunks, so it never doubles or moves; the index is open
  // addressing over 256 shards of 64-bit slots (hash tag | record location),
  // each grown by a quarter on its own, so a growth step copies 1/256 of the index
  // and never reads the records. Nothing is erased.
  std::vector<std::unique_ptr<unsigned char[]>> arena_;
  std::size_t arena_used_ = 0;                      ///< bytes used in `arena_.back()`
  std::size_t arena_limit_ = 0;                     ///< its size
  std::vector<std::vector<std::uint64_t>> shards_;  ///< 0 = free slot
  std::vector<std::uint32_t> shard_counts_;
  std::string record_;  ///< scratch: the record being built
  /// The currency then the warehouses of a row, in order: one or two distinct
  /// in a feed, so a record names its shape with one byte instead of each name.
  std::vector<std::vector<std::string>> shapes_;
  std::uint32_t last_shape_ = 0;
  std::vector<std::string> resources_;
  std::uint64_t rows_ = 0;
  std::uint64_t offers_emitted_ = 0;
};

/// The values that decide whether two rows of one SKU agree.
std::string fingerprint(const Offer& offer);

}  // namespace tecsync::air
