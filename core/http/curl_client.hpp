#pragma once
/// @file
/// The SDK `HttpClient` over the libcurl easy API.
///
/// Policy (every number a config value, `[tecsync] http_*`; a request's own
/// non-zero fields override them):
///  * connect timeout; a stall rule instead of a short total cap: abort when fewer
///    than `low_speed_bytes` B/s arrive for `low_speed_window` s (a slow but steady
///    transfer passes); an optional total timeout (0 = none);
///  * TLS peer and host verification always on; redirects followed, at most 5,
///    http/https only;
///  * retries with exponential backoff (+ up to 25 % jitter) on connection errors,
///    timeouts, cut transfers, 429 and 5xx — with `fetch`, ONLY while no body byte
///    has been handed to the caller's callback (a streaming parser cannot un-see
///    bytes); with `fetch_restarting` also after, calling the caller's `restart`
///    first. The body of a response that will be retried is discarded, never delivered.
/// Result classes (area `api`): `FeedTransportError.Timeout` (detail
/// `timeout after N s at <url>: …`), `.Incomplete` (Content-Length short, chunked
/// body cut: libcurl 18/56), `.Connect`, `.Tls`, `.Redirects`, `.Aborted` (the
/// callback returned false); `SKIPPED:Cancelled` when the cancellation flag rose.

#include <memory>
#include <string>

#include "tecsync/host.hpp"

namespace tecsync::http {

namespace detail {
class EasyPool;
}

/// Host-wide defaults (seconds, bytes).
struct HttpDefaults {
  double connect_timeout_s = 10;
  double low_speed_window_s = 30;
  long low_speed_bytes = 1;
  double total_timeout_s = 0;  ///< 0 = no total cap
  int retries = 3;             ///< extra attempts after the first
  double backoff_s = 1;        ///< wait before the first retry; doubles each time
  long max_redirects = 5;
};

/// Thread-compatible: one fetch per thread at a time is safe (each fetch uses
/// its own easy handle, taken from the client's pool of idle ones, and
/// `fetch_many` its own multi handle). `fetch` and `fetch_restarting` reuse
/// the connections of earlier fetches (keep-alive): a paged API costs one TCP
/// connection, not one per page. `log` and `cancel` must outlive the client.
class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient(HttpDefaults defaults, Logger& log, const Cancellation* cancel = nullptr);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;
  Status fetch(const HttpRequest& request, const BodyChunk& on_chunk, HttpResponse& response) noexcept override;
  Status fetch_restarting(const HttpRequest& request, const BodyChunk& on_chunk, const std::function<void()>& restart,
                          HttpResponse& response) noexcept override;
  /// libcurl multi on the caller's thread (`curl_multi.cpp`). A request is
  /// added to the multi handle only when fewer than `max_in_flight` transfers
  /// are open, fewer than `max_per_host` to its origin (`scheme://host:port`)
  /// and `min_interval_s` has passed since the last start; a request waiting
  /// for either does not hold up those behind it. Each transfer has the same
  /// timeouts, TLS and redirect policy as `fetch`; retries (connection errors,
  /// timeouts, cut bodies, 429, 5xx, `retry_statuses`) are scheduled after
  /// their backoff while the others go on, and a cut body is retried whole.
  /// A body past `max_body_bytes` (declared or received) stops that transfer:
  /// `FeedTransportError.TooLarge`. Connections are reused within the call.
  /// Cancellation is checked at least every 50 ms: `SKIPPED:Cancelled`.
  Status fetch_many(const std::vector<HttpRequest>& requests, const HttpBatchLimits& limits,
                    const HttpDone& on_done) noexcept override;

 private:
  Status perform(const HttpRequest& request, const BodyChunk& on_chunk, const std::function<void()>* restart,
                 HttpResponse& response) noexcept;
  HttpDefaults defaults_;
  Logger& log_;
  const Cancellation* cancel_;
  std::unique_ptr<detail::EasyPool> pool_;  ///< idle handles of `fetch` (their connections)
};

}  // namespace tecsync::http
