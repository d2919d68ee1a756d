#pragma once
/// @file
/// The pieces of one libcurl transfer that the single-request client
/// (`curl_client.cpp`) and the batch client (`curl_multi.cpp`) share, so both
/// apply the same timeouts, TLS, redirect and retry policy and word their
/// failures alike. Internal to `core/http`; not a public API.

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "http/curl_client.hpp"
#include "tecsync/host.hpp"

namespace tecsync::http::detail {

/// True once `curl_global_init` succeeded (done once per process, on first use).
bool curl_ready();

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct MultiDeleter {
  void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;

/// Idle easy handles of one `CurlHttpClient`. A handle keeps its open
/// connections (and DNS cache) after a transfer, so taking a used one for the
/// next `fetch` to the same host reuses the TCP connection (keep-alive)
/// instead of connecting anew for every page; libcurl drops a connection the
/// server closed, or one idle for more than CURLOPT_MAXAGE_CONN (118 s), before
/// reuse. Thread-safe; each handle is used by one thread at a time.
class EasyPool {
 public:
  /// An idle handle reset to libcurl's defaults (`curl_easy_reset`: options
  /// gone, connections kept), or a new one; empty when libcurl cannot make one.
  Easy take();
  /// Returns a handle after its transfer; at most `kMaxIdle` are kept.
  void give(Easy handle) noexcept;

 private:
  static constexpr std::size_t kMaxIdle = 4;
  std::mutex mutex_;
  std::vector<Easy> idle_;
};

/// A handle on loan from an `EasyPool` for one attempt; gives it back when
/// destroyed (after the attempt's status was read from it).
class EasyLease {
 public:
  explicit EasyLease(EasyPool& pool) : pool_(pool), easy_(pool.take()) {}
  ~EasyLease() { pool_.give(std::move(easy_)); }
  EasyLease(const EasyLease&) = delete;
  EasyLease& operator=(const EasyLease&) = delete;
  CURL* get() const { return easy_.get(); }

 private:
  EasyPool& pool_;
  Easy easy_;
};

/// How one attempt ended.
enum class Kind {
  ok,
  retry_status,  ///< 429, 5xx or a configured "slow down" status, with attempts left
  timeout,
  incomplete,
  connect,
  tls,
  redirects,
  aborted,  ///< the caller's chunk callback said stop
  too_large,
  cancelled,
  other
};

/// A request's timeouts and attempts after applying the host defaults.
struct Resolved {
  double connect_s = 0;
  double window_s = 0;
  long low_bytes = 0;
  double total_s = 0;
  int attempts = 1;  ///< first try + retries
};
Resolved resolve(const HttpRequest& request, const HttpDefaults& defaults);

/// The request's headers as a curl list; nullptr when there are none.
/// Throws std::bad_alloc.
Slist make_headers(const HttpRequest& request);

/// State of one attempt, read by libcurl's callbacks. `handle`, `on_chunk`,
/// `response` must outlive the attempt.
struct Transfer {
  CURL* handle = nullptr;
  const BodyChunk* on_chunk = nullptr;
  HttpResponse* response = nullptr;
  const Cancellation* cancel = nullptr;
  const std::vector<long>* extra_retry_statuses = nullptr;  ///< besides 429 and 5xx
  bool may_retry = false;                                   // a retryable status may still be retried
  bool head_filled = false;
  bool discarding = false;     // a 429/5xx body that will be retried
  bool delivered = false;      // a byte reached the caller
  bool stopped = false;        // the caller's callback said stop (or threw)
  bool too_large = false;      // the caller's size cap was passed (set by its callback)
  std::uint64_t max_body = 0;  // that cap, for the message
  std::uint64_t received = 0;  // body bytes of this attempt, delivered or not
  char errbuf[CURL_ERROR_SIZE] = {0};
};

/// Sets every option of `t.handle` for `request`: URL, method and body,
/// headers, timeouts, TLS verification, redirects, callbacks into `t`.
/// `headers` and `request` must outlive the transfer.
void setup_easy(Transfer& t, const HttpRequest& request, const Resolved& r, const HttpDefaults& defaults,
                curl_slist* headers);

/// Fills status and content type from the handle (once per attempt).
void fill_head(Transfer& t);

Kind classify(CURLcode code, const Transfer& t);

/// Whether an attempt that ended so may be tried again.
bool retryable(Kind k);

/// `defaults.backoff_s`-style delay before retry number `attempt` (1-based):
/// `base × 2^(attempt-1)` plus up to 25 % jitter.
double backoff_delay(double base_s, int attempt, std::mt19937_64& rng);

/// A short reason for a retry log line: `status 503` or libcurl's text.
std::string retry_reason(Kind kind, const Transfer& t, CURLcode code);

/// The status of a finished attempt that will not be retried (`Kind::ok` and
/// `retry_status` → ok). `elapsed_s` is the attempt's wall time; `attempt` the
/// 1-based attempt number, named in the detail when > 1.
Status final_status(Kind kind, CURLcode code, const Transfer& t, const HttpRequest& request, const Resolved& r,
                    double elapsed_s, int attempt);

/// Seconds as `3` or `2.5`, for messages.
std::string seconds_text(double s);

}  // namespace tecsync::http::detail
