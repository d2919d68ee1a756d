// libfx_throw_source.so (issue 3 item 7): a source that reads the case feed,
// emits it as one batch (so the sink has staged rows), then throws from read().
// Key `throw`: `std` throws std::runtime_error, `other` throws an int (not a
// std::exception), anything else returns ok. The SDK's adapter must turn
// either into a failed Status; nothing may land.
#include <stdexcept>
#include <tecsync/sdk.hpp>

#include "csv_feed.hpp"
#include "marker.hpp"

namespace {

class FxThrowSource {
 public:
  explicit FxThrowSource(const tecsync::HostServices& host)
      : url_(host.config.get<std::string>("url", "")),
        throw_(host.config.get<std::string>("throw", "std")),
        http_(host.http) {
    fx::write_marker();
  }

  tecsync::Status read(tecsync::Strategy, tecsync::Emitter& out) {
    tecsync::OfferBatch batch;
    if (auto s = fx::fetch_feed(http_, url_, batch); !s) return s;
    tecsync::StreamFacts facts;
    facts.resource = url_;
    if (auto s = out.facts(facts); !s) return s;
    if (auto s = out.emit(std::move(batch)); !s) return s;
    if (throw_ == "std") throw std::runtime_error("fixture: feed reader blew up after the first batch");
    if (throw_ == "other") throw 42;
    return tecsync::Status::ok();
  }

 private:
  std::string url_, throw_;
  tecsync::HttpClient& http_;
};

}  // namespace

TECSYNC_SOURCE(FxThrowSource, "fx_throw_source", "1.0.0", "case fixture: throws from read() mid-stream")
