// pampa_parts — a tecsync source plugin for Pampa Parts, an (invented) spare
// parts wholesaler that publishes its price list as a CSV file over HTTP.
// Registration and the fetch; the parsing rules are in price_list.cpp.
//
//   [source.pampa]
//   plugin = pampa_parts
//   url = https://lista.pampaparts.example/precios.csv
//   api_key = ${PAMPA_API_KEY}              ; optional: sent as a Bearer token
//   warehouse.S_ROS = stock_rosario         ; tecsync warehouse code = stock column
//   warehouse.S_MZA = stock_mendoza
#include <stdexcept>
#include <string>
#include <tecsync/sdk.hpp>

#include "price_list.hpp"

namespace {

class PampaPartsSource {
 public:
  // Reads and checks the section once; a throw here reaches the host as
  // PluginConfigError naming the key, before any cycle starts.
  explicit PampaPartsSource(const tecsync::HostServices& host) : http_(host.http), log_(host.log) {
    url_ = host.config.get<std::string>("url", "");
    if (url_.rfind("http://", 0) != 0 && url_.rfind("https://", 0) != 0)
      throw std::invalid_argument("key url: an http:// or https:// URL is required");
    api_key_ = host.config.get<std::string>("api_key", "");
    layout_.currency = host.config.get<std::string>("currency", "USD");
    // INI keys with a dot (`warehouse.S_ROS`) are flat names in the section:
    // iterate instead of get("warehouse.S_ROS"), which would read a path.
    for (const auto& [key, value] : host.config) {
      if (key.rfind("warehouse.", 0) == 0 && key.size() > 10)
        layout_.warehouses.emplace_back(key.substr(10), value.get_value<std::string>());
    }
    if (layout_.warehouses.empty())
      throw std::invalid_argument("key warehouse.<CODE>: map at least one stock column to a warehouse code");
  }

  tecsync::Status read(tecsync::Strategy strategy, tecsync::Emitter& out) {
    if (strategy != tecsync::Strategy::flash)
      return tecsync::Status::failed(tecsync::FailureArea::config, "PluginConfigError",
                                     "pampa_parts reads prices and stock only: use it in a flash pipeline");
    tecsync::StreamFacts facts;
    facts.resource = url_;
    if (auto s = out.facts(facts); !s) return s;

    pampa::PriceListParser parser(url_, layout_, out.batch_size(),
                                  [&out](tecsync::OfferBatch&& batch) { return out.emit(std::move(batch)); });
    tecsync::HttpRequest request;
    request.url = url_;
    if (!api_key_.empty()) request.headers.emplace_back("Authorization", "Bearer " + api_key_);

    // The body is parsed as it arrives. Anything that stops the parse (a bad
    // header, the pipeline refusing a batch) ends the transfer; `stopped` says why.
    tecsync::Status stopped;
    tecsync::HttpResponse response;
    auto on_chunk = [&](std::string_view chunk, const tecsync::HttpResponse& head) {
      if (head.status != 200) return false;  // an error page: reported from response.status below
      if (head.content_type.find("html") != std::string::npos) {
        stopped = tecsync::Status::failed(tecsync::FailureArea::feed, "FeedFormatError",
                                          url_ + ": an HTML page, not the CSV price list");
        return false;
      }
      stopped = parser.push(chunk);
      return stopped.is_ok();
    };
    tecsync::Status fetched = http_.fetch(request, on_chunk, response);
    if (!stopped) return stopped;
    if (response.status != 200 && response.status != 0)
      return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.HttpStatus",
                                     url_ + ": HTTP " + std::to_string(response.status));
    if (!fetched) return fetched;
    if (auto s = parser.finish(); !s) return s;
    log_.info("pampa_parts: " + std::to_string(parser.rows()) + " rows from " + url_);
    return tecsync::Status::ok();
  }

 private:
  tecsync::HttpClient& http_;
  tecsync::Logger& log_;
  std::string url_;
  std::string api_key_;
  pampa::Layout layout_;
};

}  // namespace

TECSYNC_SOURCE(PampaPartsSource, "pampa_parts", "1.0.0", "Pampa Parts price list (CSV over HTTP): price and stock")
