#pragma once
// Test doubles for the host services an Air plugin instance gets: an HttpClient
// that serves canned answers from memory (and records every request), an
// emitter that keeps every batch, and quiet log/pulse/counter sinks.

#include <boost/property_tree/ptree.hpp>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"

namespace air_test {

struct CannedAnswer {
  long status = 200;
  std::string body;
  tecsync::Status transport = tecsync::Status::ok();  ///< a failed transport (timeout, cut)
};

/// Serves answers by a routing function over the request; records requests.
/// The body is delivered in chunks of `chunk_size` bytes (1 = byte by byte).
class FakeHttp : public tecsync::HttpClient {
 public:
  std::function<CannedAnswer(const tecsync::HttpRequest&)> route;
  std::vector<tecsync::HttpRequest> requests;
  std::size_t chunk_size = 4096;

  tecsync::Status fetch(const tecsync::HttpRequest& request, const tecsync::BodyChunk& on_chunk,
                        tecsync::HttpResponse& response) noexcept override {
    requests.push_back(request);
    CannedAnswer a = route(request);
    response = tecsync::HttpResponse{};
    response.status = a.status;
    response.content_type = "application/json";
    response.body_bytes = a.body.size();
    for (std::size_t i = 0; i < a.body.size(); i += chunk_size) {
      if (!on_chunk(std::string_view(a.body).substr(i, chunk_size), response))
        return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.Aborted", request.url);
    }
    return a.transport;
  }
};

class QuietLog : public tecsync::Logger {
 public:
  std::vector<std::string> lines;
  void log(tecsync::LogLevel, std::string_view m) noexcept override { lines.emplace_back(m); }
};
class PulseList : public tecsync::PulseEmitter {
 public:
  std::vector<tecsync::Pulse> pulses;
  void emit(const tecsync::Pulse& p) noexcept override { pulses.push_back(p); }
};
class CounterMap : public tecsync::Counters {
 public:
  std::map<std::string, std::int64_t> values;
  void add(std::string_view n, std::int64_t d) noexcept override { values[std::string(n)] += d; }
};
class Flag : public tecsync::Cancellation {
 public:
  bool set = false;
  bool requested() const noexcept override { return set; }
};

/// Keeps every batch and the facts as they were when first sent.
class Collector : public tecsync::Emitter {
 public:
  std::size_t size = 1000;
  std::vector<tecsync::OfferBatch> batches;
  std::vector<tecsync::StreamFacts> facts_seen;
  std::size_t facts_before_first_batch = 0;

  tecsync::Status facts(const tecsync::StreamFacts& f) noexcept override {
    facts_seen.push_back(f);
    if (batches.empty()) ++facts_before_first_batch;
    return tecsync::Status::ok();
  }
  tecsync::Status emit(tecsync::OfferBatch&& b) noexcept override {
    batches.push_back(std::move(b));
    return tecsync::Status::ok();
  }
  std::size_t batch_size() const noexcept override { return size; }

  std::vector<tecsync::Offer> offers() const {
    std::vector<tecsync::Offer> all;
    for (const auto& b : batches) all.insert(all.end(), b.offers.begin(), b.offers.end());
    return all;
  }
  std::vector<tecsync::RowIssue> rejects() const {
    std::vector<tecsync::RowIssue> all;
    for (const auto& b : batches) all.insert(all.end(), b.rejects.begin(), b.rejects.end());
    return all;
  }
  std::vector<tecsync::RowIssue> warnings() const {
    std::vector<tecsync::RowIssue> all;
    for (const auto& b : batches) all.insert(all.end(), b.warnings.begin(), b.warnings.end());
    return all;
  }
};

/// One fake host: config keys are flat, as the core's INI loader gives them.
struct FakeHost {
  boost::property_tree::ptree config;
  FakeHttp http;
  QuietLog log;
  PulseList pulses;
  CounterMap counters;
  Flag cancel;

  void set(const std::string& key, const std::string& value) {
    config.push_back({key, boost::property_tree::ptree(value)});
  }
  tecsync::HostServices services() { return {config, "air", log, pulses, counters, http, cancel}; }
};

/// The quantity of `warehouse` in `offer`, or -1 when absent.
inline std::string qty(const tecsync::Offer& offer, const std::string& warehouse) {
  for (const auto& s : offer.stock)
    if (s.warehouse == warehouse) return s.quantity.to_string(0);
  return "absent";
}

}  // namespace air_test
