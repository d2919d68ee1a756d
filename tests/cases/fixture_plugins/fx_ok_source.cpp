// libfx_ok_source.so (cases 026, 028): a correct source built with the SDK's
// own macro. Key `url`: the case's feed.csv, fetched with the host's HTTP client.
#include <tecsync/sdk.hpp>

#include "csv_feed.hpp"
#include "marker.hpp"

namespace {

class FxOkSource {
 public:
  explicit FxOkSource(const tecsync::HostServices& host)
      : url_(host.config.get<std::string>("url", "")), http_(host.http) {
    if (url_.empty()) throw std::invalid_argument("key url is required");
    fx::write_marker();
  }

  tecsync::Status read(tecsync::Strategy, tecsync::Emitter& out) {
    tecsync::OfferBatch batch;
    if (auto s = fx::fetch_feed(http_, url_, batch); !s) return s;
    tecsync::StreamFacts facts;
    facts.resource = url_;
    if (auto s = out.facts(facts); !s) return s;
    return out.emit(std::move(batch));
  }

 private:
  std::string url_;
  tecsync::HttpClient& http_;
};

}  // namespace

TECSYNC_SOURCE(FxOkSource, "fx_ok_source", "1.0.0", "case fixture: a correct CSV source")
