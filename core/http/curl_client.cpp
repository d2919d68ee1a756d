#include "http/curl_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <memory>
#include <random>
#include <thread>

namespace tecsync::http {

namespace {

// curl_global_init once per process, before the first handle; cleaned up at exit.
class CurlGlobal {
 public:
  CurlGlobal() { ok_ = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }
  ~CurlGlobal() {
    if (ok_) curl_global_cleanup();
  }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

bool curl_ready() {
  static CurlGlobal global;
  return global.ok();
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

enum class Kind { ok, retry_status, timeout, incomplete, connect, tls, redirects, aborted, cancelled, other };

struct Transfer {
  CURL* handle = nullptr;
  const BodyChunk* on_chunk = nullptr;
  HttpResponse* response = nullptr;
  const Cancellation* cancel = nullptr;
  bool may_retry = false;  // a retryable status may still be retried
  bool head_filled = false;
  bool discarding = false;     // a 429/5xx body that will be retried
  bool delivered = false;      // a byte reached the caller
  bool stopped = false;        // the caller's callback said stop (or threw)
  std::uint64_t received = 0;  // body bytes of this attempt, delivered or not
};

bool retryable_status(long s) { return s == 429 || (s >= 500 && s <= 599); }

void fill_head(Transfer& t) {
  if (t.head_filled) return;
  t.head_filled = true;
  long code = 0;
  curl_easy_getinfo(t.handle, CURLINFO_RESPONSE_CODE, &code);
  t.response->status = code;
  char* ct = nullptr;
  curl_easy_getinfo(t.handle, CURLINFO_CONTENT_TYPE, &ct);
  std::string type = ct ? ct : "";
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  t.response->content_type = std::move(type);
  if (t.may_retry && retryable_status(code)) t.discarding = true;
}

extern "C" size_t on_write(char* data, size_t size, size_t count, void* user) {
  Transfer& t = *static_cast<Transfer*>(user);
  size_t len = size * count;
  fill_head(t);
  t.received += len;
  if (t.discarding) return len;
  t.delivered = true;
  t.response->body_bytes += len;
  try {
    if (!(*t.on_chunk)(std::string_view(data, len), *t.response)) {
      t.stopped = true;
      return 0;
    }
  } catch (...) {
    t.stopped = true;
    return 0;
  }
  return len;
}

extern "C" int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const Transfer& t = *static_cast<const Transfer*>(user);
  return (t.cancel && t.cancel->requested()) ? 1 : 0;
}

Kind classify(CURLcode code, const Transfer& t) {
  switch (code) {
    case CURLE_OK:
      return t.discarding ? Kind::retry_status : Kind::ok;
    case CURLE_OPERATION_TIMEDOUT:
      return Kind::timeout;
    case CURLE_PARTIAL_FILE:
      return Kind::incomplete;
    case CURLE_RECV_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
      return t.head_filled || t.received > 0 ? Kind::incomplete : Kind::connect;
    case CURLE_WRITE_ERROR:
      return t.stopped ? Kind::aborted : Kind::other;
    case CURLE_ABORTED_BY_CALLBACK:
      return Kind::cancelled;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
      return Kind::connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return Kind::tls;
    case CURLE_TOO_MANY_REDIRECTS:
      return Kind::redirects;
    default:
      return Kind::other;
  }
}

bool retryable(Kind k) {
  return k == Kind::retry_status || k == Kind::timeout || k == Kind::incomplete || k == Kind::connect;
}

std::string seconds_text(double s) {
  if (std::abs(s - std::round(s)) < 0.05) return std::to_string(static_cast<long long>(std::llround(s)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

std::string of_expected(std::uint64_t got, curl_off_t expected) {
  return std::to_string(got) + (expected >= 0 ? " of " + std::to_string(expected) : std::string(" of unknown")) +
         " bytes";
}

}  // namespace

CurlHttpClient::CurlHttpClient(HttpDefaults defaults, Logger& log, const Cancellation* cancel)
    : defaults_(defaults), log_(log), cancel_(cancel) {}

Status CurlHttpClient::fetch(const HttpRequest& request, const BodyChunk& on_chunk, HttpResponse& response) noexcept {
  return perform(request, on_chunk, nullptr, response);
}

Status CurlHttpClient::fetch_restarting(const HttpRequest& request, const BodyChunk& on_chunk,
                                        const std::function<void()>& restart, HttpResponse& response) noexcept {
  return perform(request, on_chunk, &restart, response);
}

Status CurlHttpClient::perform(const HttpRequest& request, const BodyChunk& on_chunk,
                               const std::function<void()>* restart, HttpResponse& response) noexcept {
  try {
    response = HttpResponse{};
    if (!curl_ready())
      return Status::failed(FailureArea::api, "FeedTransportError.Connect", "libcurl failed to initialise");
    const double connect_s = request.connect_timeout_s > 0 ? request.connect_timeout_s : defaults_.connect_timeout_s;
    const double window_s = request.low_speed_window_s > 0 ? request.low_speed_window_s : defaults_.low_speed_window_s;
    const long low_bytes = request.low_speed_bytes > 0 ? request.low_speed_bytes : defaults_.low_speed_bytes;
    const double total_s = request.total_timeout_s > 0 ? request.total_timeout_s : defaults_.total_timeout_s;
    const int attempts = 1 + std::max(0, request.max_retries >= 0 ? request.max_retries : defaults_.retries);
    const long window_whole = std::max(1L, static_cast<long>(std::ceil(window_s)));

    Slist headers;
    for (const auto& [name, value] : request.headers) {
      std::string line = name + ": " + value;
      curl_slist* next = curl_slist_append(headers.get(), line.c_str());
      if (!next) return Status::failed(FailureArea::api, "FeedTransportError.Connect", "out of memory");
      (void)headers.release();
      headers.reset(next);
    }

    std::mt19937_64 rng(std::random_device{}());
    for (int attempt = 1;; ++attempt) {
      Easy easy(curl_easy_init());
      if (!easy) return Status::failed(FailureArea::api, "FeedTransportError.Connect", "curl_easy_init failed");
      CURL* h = easy.get();
      HttpResponse head;
      Transfer t;
      t.handle = h;
      t.on_chunk = &on_chunk;
      t.response = &head;
      t.cancel = cancel_;
      t.may_retry = attempt < attempts;
      char errbuf[CURL_ERROR_SIZE] = {0};

      curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
      curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
      curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
      curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
      curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(h, CURLOPT_MAXREDIRS, defaults_.max_redirects);
      // Verification is never switched off: a feed over a forged TLS session is worse than no feed.
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
      curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_s * 1000));
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, low_bytes);
      curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, window_whole);
      if (total_s > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total_s * 1000));
      curl_easy_setopt(h, CURLOPT_USERAGENT, "tecsync/" TECSYNC_VERSION);
      curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
      if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
      if (request.method == "POST") {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      } else if (request.method != "GET") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      }
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
      curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
      curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);

      auto started = std::chrono::steady_clock::now();
      CURLcode code = curl_easy_perform(h);
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (code == CURLE_OK) fill_head(t);
      Kind kind = classify(code, t);
      response = head;

      if (kind == Kind::ok) return Status::ok();
      std::string curl_text = errbuf[0] ? errbuf : curl_easy_strerror(code);
      curl_off_t expected = -1;
      curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);

      // A delivered body can be retried only when the caller can start over.
      if (retryable(kind) && (!t.delivered || restart != nullptr) && attempt < attempts) {
        if (t.delivered) (*restart)();
        double delay = defaults_.backoff_s * std::pow(2.0, attempt - 1);
        delay += std::uniform_real_distribution<double>(0, delay * 0.25)(rng);
        log_.warn("HTTP attempt " + std::to_string(attempt) + " of " + std::to_string(attempts) + " for " +
                  request.url + " failed (" +
                  (kind == Kind::retry_status ? "status " + std::to_string(head.status) : curl_text) +
                  "); retrying in " + seconds_text(delay) + " s");
        auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(delay);
        while (std::chrono::steady_clock::now() < until) {
          if (cancel_ && cancel_->requested())
            return Status::skipped(FailureArea::api, "Cancelled", "cancelled while waiting to retry " + request.url);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        continue;
      }

      std::string tries = attempt > 1 ? " (" + std::to_string(attempt) + " attempts)" : "";
      switch (kind) {
        case Kind::ok:
        case Kind::retry_status:
          return Status::ok();  // last attempt of a 429/5xx: delivered as is; status tells
        case Kind::timeout: {
          std::string what;
          curl_off_t connect_us = 0;
          curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
          double n = window_s;
          if (connect_us == 0 && !t.head_filled) {
            n = connect_s;
            what = "no connection within " + seconds_text(connect_s) + " s";
          } else if (total_s > 0 && elapsed + 0.5 >= total_s) {
            n = total_s;
            what =
                "transfer not done within " + seconds_text(total_s) + " s after " + of_expected(t.received, expected);
          } else {
            what = "stalled: no data for " + seconds_text(window_s) + " s after " + of_expected(t.received, expected);
          }
          return Status::failed(FailureArea::api, "FeedTransportError.Timeout",
                                "timeout after " + seconds_text(n) + " s at " + request.url + ": " + what + tries);
        }
        case Kind::incomplete:
          return Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                                "incomplete body from " + request.url + ": got " + of_expected(t.received, expected) +
                                    ", then the transfer broke (" + curl_text + ")" + tries);
        case Kind::connect:
          return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                                "cannot reach " + request.url + ": " + curl_text + tries);
        case Kind::tls:
          return Status::failed(FailureArea::api, "FeedTransportError.Tls",
                                "TLS failure at " + request.url + ": " + curl_text);
        case Kind::redirects:
          return Status::failed(FailureArea::api, "FeedTransportError.Redirects",
                                "too many redirects from " + request.url);
        case Kind::aborted:
          return Status::failed(FailureArea::api, "FeedTransportError.Aborted",
                                "transfer of " + request.url + " stopped by the reader after " +
                                    std::to_string(head.body_bytes) + " bytes");
        case Kind::cancelled:
          return Status::skipped(FailureArea::api, "Cancelled", "cancelled during " + request.url);
        case Kind::other:
          return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                                "HTTP failure at " + request.url + ": " + curl_text + tries);
      }
      return Status::failed(FailureArea::api, "FeedTransportError.Connect", request.url);
    }
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                          std::string("HTTP client error at ") + request.url + ": " + e.what());
  }
}

}  // namespace tecsync::http
