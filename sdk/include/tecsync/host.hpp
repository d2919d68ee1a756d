#pragma once
/// @file
/// Services the host lends a plugin. Every object here is owned by the host and
/// outlives the plugin instance it was given to; a plugin keeps references, never
/// copies or deletes them. No method throws: failures come back as `Status`.

#include <boost/property_tree/ptree.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tecsync/records.hpp"
#include "tecsync/status.hpp"

namespace tecsync {

struct CycleInfo;  // plugin.hpp

enum class LogLevel { debug, info, warn, error };

/// The host's log (spdlog underneath: stderr/journald). Messages are one line;
/// never pass secrets.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view message) noexcept = 0;
  void debug(std::string_view m) noexcept { log(LogLevel::debug, m); }
  void info(std::string_view m) noexcept { log(LogLevel::info, m); }
  void warn(std::string_view m) noexcept { log(LogLevel::warn, m); }
  void error(std::string_view m) noexcept { log(LogLevel::error, m); }
};

/// Records pulses for the cycle: logged at once, summed into the cycle's record.
class PulseEmitter {
 public:
  virtual ~PulseEmitter() = default;
  virtual void emit(const Pulse& pulse) noexcept = 0;
};

/// Named monotonic counters for the cycle (`rows_read`, `quants_changed`, …),
/// printed at the end of a run and stored with the cycle record.
class Counters {
 public:
  virtual ~Counters() = default;
  virtual void add(std::string_view name, std::int64_t delta) noexcept = 0;
};

/// Set by the host on SIGINT/SIGTERM or when the cycle is being abandoned. Long
/// loops poll it and return `Status::skipped(…, "Cancelled", …)` promptly.
class Cancellation {
 public:
  virtual ~Cancellation() = default;
  virtual bool requested() const noexcept = 0;
};

/// One HTTP request. Timeouts are in seconds; 0 means the host's default from
/// `[tecsync] http_*` keys.
struct HttpRequest {
  std::string method = "GET";  ///< GET or POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. {"Authorization", "Bearer …"}
  std::string body;                                          ///< sent with POST
  double connect_timeout_s = 0;
  /// Abort when fewer than `low_speed_bytes` arrive per second for
  /// `low_speed_window_s` seconds (a stalled transfer); a slow-but-steady one passes.
  double low_speed_window_s = 0;
  long low_speed_bytes = 0;
  double total_timeout_s = 0;  ///< whole transfer; 0 = host default (may be unlimited)
  int max_retries = -1;        ///< -1 = host default; retries happen only before any body byte was delivered
};

/// What came back, filled before the first body chunk is delivered.
struct HttpResponse {
  long status = 0;           ///< HTTP status code (200, 401, …)
  std::string content_type;  ///< as sent, lower-cased
  std::uint64_t body_bytes = 0;
};

/// Receives the body in chunks as they arrive, so a feed is never held whole.
/// Return false to stop the transfer (the fetch then fails with class
/// `FeedTransportError.Aborted`). Must not throw.
using BodyChunk = std::function<bool(std::string_view chunk, const HttpResponse& head)>;

/// Limits for `HttpClient::fetch_many`: how hard a batch of small requests may
/// press on the servers (a supplier's API, an image CDN).
struct HttpBatchLimits {
  std::size_t max_in_flight = 8;  ///< transfers open at once, over all hosts (≥ 1)
  std::size_t max_per_host = 0;   ///< transfers open at once to one host; 0 = `max_in_flight`
  /// A body past this many bytes fails that request with
  /// `FeedTransportError.TooLarge` (images: 10 MB by default).
  std::size_t max_body_bytes = 10u << 20;
  /// At least this many seconds between two request starts (pacing for an API
  /// that throttles); 0 = no pacing.
  double min_interval_s = 0;
  /// HTTP statuses that mean "slow down" for this server, retried with the
  /// host's attempts and exponential backoff like 429 and 5xx (Air answers 403
  /// when a reseller asks too fast). Other statuses come back as they are.
  std::vector<long> retry_statuses;
  /// First backoff in seconds, doubled per retry; 0 = the host's `http_backoff`.
  double backoff_s = 0;
};

/// One finished request of `HttpClient::fetch_many`.
struct HttpResult {
  std::size_t index = 0;  ///< position of the request in the batch
  /// ok when the whole body arrived (whatever the HTTP status); else the
  /// transport failure as `fetch` reports it (`FeedTransportError.*`).
  Status status;
  HttpResponse response;
  std::string body;  ///< the whole body (≤ `max_body_bytes`); empty on failure
};

/// Receives each finished request on the caller's thread, in completion order.
/// Return false to stop: requests not yet finished are abandoned and
/// `fetch_many` returns `Status::skipped(api, "Aborted", …)`. Must not throw.
using HttpDone = std::function<bool(HttpResult&& result)>;

/// The host's HTTP client: libcurl, TLS verification on, shared timeouts,
/// retries with exponential backoff on connection errors, timeouts, 429 and 5xx.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Performs `request`, streaming the body to `on_chunk`. Returns ok when the
  /// whole body arrived (length and chunking checked), whatever the HTTP status
  /// (`response.status` tells); fails with area `api` and class
  /// `FeedTransportError.{Timeout,Incomplete,Connect,Aborted}` otherwise, the
  /// detail naming the URL.
  virtual Status fetch(const HttpRequest& request, const BodyChunk& on_chunk, HttpResponse& response) noexcept = 0;

  /// Like `fetch`, for a caller that can start the body over (it spools it, or
  /// keeps it whole): a retryable failure AFTER body bytes were delivered (a
  /// transfer cut short or stalled mid-body) is retried too, with the same
  /// attempts and backoff as one that failed before its first byte. `restart`
  /// is called before a new attempt delivers anything; the caller then drops
  /// every byte it got so far. A truncated body is thus never taken for a
  /// whole one, and a flaky cut does not fail the cycle at once.
  /// The default (a test double without it) is plain `fetch`.
  virtual Status fetch_restarting(const HttpRequest& request, const BodyChunk& on_chunk,
                                  const std::function<void()>& restart, HttpResponse& response) noexcept {
    (void)restart;
    return fetch(request, on_chunk, response);
  }

  /// Performs many small requests (JSON pages, images) with up to
  /// `limits.max_in_flight` open at once (libcurl multi in the host) and hands
  /// each to `on_done` as it finishes. One request's failure is reported in its
  /// `HttpResult` and does not stop the others. Returns ok when every request was
  /// attempted, cancelled (`Cancellation`) or stopped by `on_done` otherwise.
  /// Bodies are held whole, so this is for bounded bodies, never a catalog feed.
  /// The default (a test double without it) runs the requests one by one.
  virtual Status fetch_many(const std::vector<HttpRequest>& requests, const HttpBatchLimits& limits,
                            const HttpDone& on_done) noexcept {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      HttpResult r;
      r.index = i;
      r.status = fetch_small(requests[i], r.body, r.response, limits.max_body_bytes);
      if (!r.status.is_ok()) r.body.clear();
      if (!on_done(std::move(r)))
        return Status::skipped(FailureArea::api, "Aborted", "fetch_many stopped by the caller");
    }
    return Status::ok();
  }

  /// Convenience: the whole body into `out`, refused past `max_bytes`. Meant for
  /// small bodies (login, one page of 500 items), never for a whole catalog.
  Status fetch_small(const HttpRequest& request, std::string& out, HttpResponse& response,
                     std::size_t max_bytes = 64u << 20) noexcept {
    out.clear();
    bool too_big = false;
    Status s = fetch_restarting(
        request,
        [&](std::string_view chunk, const HttpResponse&) {
          if (out.size() + chunk.size() > max_bytes) {
            too_big = true;
            return false;
          }
          out.append(chunk);
          return true;
        },
        [&] { out.clear(); }, response);
    if (too_big)
      return Status::failed(FailureArea::api, "FeedTransportError.TooLarge",
                            request.url + ": body over " + std::to_string(max_bytes) + " bytes");
    return s;
  }
};

/// Everything a plugin instance gets from the host at construction.
struct HostServices {
  /// The instance's own config section, e.g. `[source.air]` (keys as written,
  /// `${ENV}` already expanded). Boost.PropertyTree; read with `get<T>(key, default)`.
  const boost::property_tree::ptree& config;
  /// Instance name from the config (`air` for `[source.air]`), for messages.
  std::string instance;
  Logger& log;
  PulseEmitter& pulses;
  Counters& counters;
  HttpClient& http;
  const Cancellation& cancel;
  /// The cycle this instance serves (pipeline, strategy, start time), owned by
  /// the host and valid while the instance lives; nullptr outside a host run
  /// (tests). The same values later reach `Sink::begin`; a sink reads them here
  /// when `abort` comes without `begin`. Its `started_at` is the instant in every
  /// pulse suffix of the cycle.
  const CycleInfo* cycle = nullptr;
};

}  // namespace tecsync
