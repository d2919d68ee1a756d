#pragma once
/// @file
/// Where both feed plugins put their rows: bounded batches (`Emitter::batch_size`)
/// and the duplicate-SKU rules of cases/README (case 007), as the air source
/// applies them:
///  * a later row identical to the SKU's first row (cost, currency, VAT, every
///    mapped quantity) is dropped with a `DUPLICATE_IDENTICAL` warning;
///  * a different one rejects both rows with `DUPLICATE_CONFLICT` (the first is
///    taken back if still in the open batch, else the sink drops that SKU);
///    later rows of that SKU are `DUPLICATE_CONFLICT` too.
/// Memory: one fingerprint per distinct SKU plus one batch.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "tecsync/plugin.hpp"
#include "tecsync/records.hpp"

namespace tecsync::feeds {

class FeedStream {
 public:
  explicit FeedStream(Emitter& out) : out_(out) {}
  StreamFacts& facts() { return facts_; }
  /// An accepted row; may emit a batch. Non-ok = stop reading.
  Status add(Offer&& offer);
  /// A rejected row; may emit a batch.
  Status reject(RowIssue&& issue);
  /// Emits the rest (and the facts if nothing was emitted yet).
  Status finish();
  /// Data rows seen (offers + rejects + duplicates).
  std::uint64_t rows() const { return rows_; }
  std::uint64_t offers() const { return offers_; }

 private:
  struct Seen {
    std::string fingerprint;
    Origin first;
    bool conflicted = false;
  };
  Status begin_row();
  Status flush(bool force);

  Emitter& out_;
  StreamFacts facts_;
  bool facts_sent_ = false;
  OfferBatch batch_;
  std::unordered_map<std::string, Seen> seen_;
  std::uint64_t rows_ = 0, offers_ = 0;
};

}  // namespace tecsync::feeds
