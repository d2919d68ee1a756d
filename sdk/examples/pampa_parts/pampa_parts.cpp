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
#include <span>
#include <stdexcept>
#include <string>
#include <tecsync/sdk.hpp>
#include <vector>

#include "price_list.hpp"

namespace {

// The section's keys, declared once: the host rejects an unknown or mistyped
// key (naming file and line) before the plugin is built, and
// `tecsync plugins --describe pampa_parts` prints this table. The constructor
// below reads the same keys with the same defaults.
constexpr tecsync::ConfigKey kKeys[] = {
    {"url", tecsync::KeyType::url, nullptr, "http(s) address of Pampa Parts' CSV price list"},
    {"api_key", tecsync::KeyType::secret, "", "sent as `Authorization: Bearer <key>`; write ${PAMPA_API_KEY}"},
    {"currency", tecsync::KeyType::string, "USD", "ISO 4217 code of the price_usd column"},
    {"warehouse.*", tecsync::KeyType::string, nullptr,
     "tecsync warehouse code (after the dot) = the list's stock column, e.g. warehouse.S_ROS = stock_rosario"},
};

class PampaPartsSource {
 public:
  static std::span<const tecsync::ConfigKey> config_keys() { return kKeys; }

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

  // `tecsync check`: the list answers 200 and its first line has the columns
  // the config maps. Reads the header line only, never the whole list.
  tecsync::Status check(std::vector<tecsync::ReportItem>& report) {
    std::string head;
    bool have_line = false;
    tecsync::HttpResponse response;
    auto on_chunk = [&](std::string_view chunk, const tecsync::HttpResponse& h) {
      if (h.status != 200) return false;
      head.append(chunk);
      have_line = head.find('\n') != std::string::npos;
      return !have_line && head.size() < (64u << 10);  // stop after line 1: that is all we test
    };
    tecsync::Status fetched = http_.fetch(request(), on_chunk, response);
    tecsync::Status s;
    if (response.status != 200 && response.status != 0) {
      s = tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.HttpStatus",
                                  url_ + ": HTTP " + std::to_string(response.status));
    } else if (!have_line && !fetched) {
      s = fetched;  // could not reach it at all
    } else {
      pampa::PriceListParser header_only(url_, layout_, 1, [](tecsync::OfferBatch&&) { return tecsync::Status::ok(); });
      s = header_only.push(head.substr(0, head.find('\n') + 1));
    }
    report.push_back({"price list reachable, header has sku, price_usd and the mapped stock columns: " + url_, s});
    return s;
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
    tecsync::Status fetched = http_.fetch(request(), on_chunk, response);
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
  tecsync::HttpRequest request() const {
    tecsync::HttpRequest r;
    r.url = url_;
    if (!api_key_.empty()) r.headers.emplace_back("Authorization", "Bearer " + api_key_);
    return r;
  }

  tecsync::HttpClient& http_;
  tecsync::Logger& log_;
  std::string url_;
  std::string api_key_;
  pampa::Layout layout_;
};

}  // namespace

TECSYNC_SOURCE(PampaPartsSource, "pampa_parts", "1.0.0", "Pampa Parts price list (CSV over HTTP): price and stock")
