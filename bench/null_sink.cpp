// bench_null: a sink that keeps nothing. Run in place of odoo_sql, the same
// pipeline measures what tecsync spends before any database work (fetch over
// HTTP, parse, price); the difference to a real run is the sink's time.
// Benchmark-only: built into the bench's own plugin folder, never installed.
#include <cstdint>

#include "tecsync/export.hpp"

namespace {

class NullSink {
 public:
  explicit NullSink(const tecsync::HostServices&) {}
  tecsync::Status begin(const tecsync::CycleInfo&, const tecsync::StreamFacts&) { return tecsync::Status::ok(); }
  tecsync::Status write(const tecsync::OfferBatch& batch) {
    offers_ += static_cast<std::int64_t>(batch.offers.size());
    return tecsync::Status::ok();
  }
  tecsync::Status commit(tecsync::CycleSummary& summary) {
    summary.counts = {{"offers_read", offers_}};
    summary.status = "OK";
    return tecsync::Status::ok();
  }
  void abort(const tecsync::Status&) {}

 private:
  std::int64_t offers_ = 0;
};

}  // namespace

TECSYNC_SINK(NullSink, "bench_null", "0.1.0", "benchmark sink: discards every batch")
