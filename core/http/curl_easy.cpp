#include "http/curl_easy.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace tecsync::http::detail {

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

bool retryable_status(long s, const std::vector<long>* extra) {
  if (s == 429 || (s >= 500 && s <= 599)) return true;
  return extra && std::find(extra->begin(), extra->end(), s) != extra->end();
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

std::string of_expected(std::uint64_t got, curl_off_t expected) {
  return std::to_string(got) + (expected >= 0 ? " of " + std::to_string(expected) : std::string(" of unknown")) +
         " bytes";
}

}  // namespace

bool curl_ready() {
  static CurlGlobal global;
  return global.ok();
}

Easy EasyPool::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      Easy h = std::move(idle_.back());
      idle_.pop_back();
      curl_easy_reset(h.get());
      return h;
    }
  }
  return Easy(curl_easy_init());
}

void EasyPool::give(Easy handle) noexcept {
  if (!handle) return;
  std::lock_guard lock(mutex_);
  if (idle_.size() >= kMaxIdle) return;  // `handle` is cleaned up here
  try {
    idle_.push_back(std::move(handle));
  } catch (...) {  // out of memory: the handle is simply not kept
  }
}

Resolved resolve(const HttpRequest& request, const HttpDefaults& d) {
  Resolved r;
  r.connect_s = request.connect_timeout_s > 0 ? request.connect_timeout_s : d.connect_timeout_s;
  r.window_s = request.low_speed_window_s > 0 ? request.low_speed_window_s : d.low_speed_window_s;
  r.low_bytes = request.low_speed_bytes > 0 ? request.low_speed_bytes : d.low_speed_bytes;
  r.total_s = request.total_timeout_s > 0 ? request.total_timeout_s : d.total_timeout_s;
  r.attempts = 1 + std::max(0, request.max_retries >= 0 ? request.max_retries : d.retries);
  return r;
}

Slist make_headers(const HttpRequest& request) {
  Slist headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (!next) throw std::bad_alloc();
    (void)headers.release();
    headers.reset(next);
  }
  return headers;
}

void setup_easy(Transfer& t, const HttpRequest& request, const Resolved& r, const HttpDefaults& defaults,
                curl_slist* headers) {
  CURL* h = t.handle;
  const long window_whole = std::max(1L, static_cast<long>(std::ceil(r.window_s)));
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.errbuf);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, defaults.max_redirects);
  // Verification is never switched off: a feed over a forged TLS session is worse than no feed.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_s * 1000));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, r.low_bytes);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, window_whole);
  if (r.total_s > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_s * 1000));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "tecsync/" TECSYNC_VERSION);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
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
}

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
  if (t.may_retry && retryable_status(code, t.extra_retry_statuses)) t.discarding = true;
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
      return t.too_large ? Kind::too_large : t.stopped ? Kind::aborted : Kind::other;
    case CURLE_FILESIZE_EXCEEDED:
      return Kind::too_large;
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

double backoff_delay(double base_s, int attempt, std::mt19937_64& rng) {
  double delay = base_s * std::pow(2.0, attempt - 1);
  return delay + std::uniform_real_distribution<double>(0, delay * 0.25)(rng);
}

std::string retry_reason(Kind kind, const Transfer& t, CURLcode code) {
  if (kind == Kind::retry_status) return "status " + std::to_string(t.response->status);
  return t.errbuf[0] ? t.errbuf : curl_easy_strerror(code);
}

std::string seconds_text(double s) {
  if (std::abs(s - std::round(s)) < 0.05) return std::to_string(static_cast<long long>(std::llround(s)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

Status final_status(Kind kind, CURLcode code, const Transfer& t, const HttpRequest& request, const Resolved& r,
                    double elapsed_s, int attempt) {
  const std::string& url = request.url;
  std::string curl_text = t.errbuf[0] ? t.errbuf : curl_easy_strerror(code);
  curl_off_t expected = -1;
  curl_easy_getinfo(t.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
  std::string tries = attempt > 1 ? " (" + std::to_string(attempt) + " attempts)" : "";
  switch (kind) {
    case Kind::ok:
    case Kind::retry_status:
      return Status::ok();  // last attempt of a 429/5xx: delivered as is; status tells
    case Kind::timeout: {
      std::string what;
      curl_off_t connect_us = 0;
      curl_easy_getinfo(t.handle, CURLINFO_CONNECT_TIME_T, &connect_us);
      double n = r.window_s;
      if (connect_us == 0 && !t.head_filled) {
        n = r.connect_s;
        what = "no connection within " + seconds_text(r.connect_s) + " s";
      } else if (r.total_s > 0 && elapsed_s + 0.5 >= r.total_s) {
        n = r.total_s;
        what = "transfer not done within " + seconds_text(r.total_s) + " s after " + of_expected(t.received, expected);
      } else {
        what = "stalled: no data for " + seconds_text(r.window_s) + " s after " + of_expected(t.received, expected);
      }
      return Status::failed(FailureArea::api, "FeedTransportError.Timeout",
                            "timeout after " + seconds_text(n) + " s at " + url + ": " + what + tries);
    }
    case Kind::incomplete:
      return Status::failed(FailureArea::api, "FeedTransportError.Incomplete",
                            "incomplete body from " + url + ": got " + of_expected(t.received, expected) +
                                ", then the transfer broke (" + curl_text + ")" + tries);
    case Kind::connect:
      return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                            "cannot reach " + url + ": " + curl_text + tries);
    case Kind::tls:
      return Status::failed(FailureArea::api, "FeedTransportError.Tls", "TLS failure at " + url + ": " + curl_text);
    case Kind::redirects:
      return Status::failed(FailureArea::api, "FeedTransportError.Redirects", "too many redirects from " + url);
    case Kind::aborted:
      return Status::failed(
          FailureArea::api, "FeedTransportError.Aborted",
          "transfer of " + url + " stopped by the reader after " + std::to_string(t.response->body_bytes) + " bytes");
    case Kind::too_large:
      return Status::failed(FailureArea::api, "FeedTransportError.TooLarge",
                            url + ": body over " + std::to_string(t.max_body) + " bytes" +
                                (expected >= 0 ? " (Content-Length " + std::to_string(expected) + ")" : std::string()));
    case Kind::cancelled:
      return Status::skipped(FailureArea::api, "Cancelled", "cancelled during " + url);
    case Kind::other:
      return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                            "HTTP failure at " + url + ": " + curl_text + tries);
  }
  return Status::failed(FailureArea::api, "FeedTransportError.Connect", url);
}

}  // namespace tecsync::http::detail
