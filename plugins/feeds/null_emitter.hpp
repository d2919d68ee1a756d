#pragma once
/// @file
/// An emitter that drops what it gets: `check` parses a feed's first bytes with
/// the real parser without handing anything on.

#include "tecsync/plugin.hpp"

namespace tecsync::feeds {

class NullEmitter final : public Emitter {
 public:
  Status facts(const StreamFacts&) noexcept override { return Status::ok(); }
  Status emit(OfferBatch&& batch) noexcept override {
    offers += batch.offers.size();
    rejects += batch.rejects.size();
    return Status::ok();
  }
  std::size_t batch_size() const noexcept override { return 1000; }
  std::size_t offers = 0, rejects = 0;
};

}  // namespace tecsync::feeds
