// HttpClient::fetch_many over the libcurl multi interface: one thread (the
// caller's), many transfers, a scheduler that decides when each may start.
#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "http/curl_client.hpp"
#include "http/curl_easy.hpp"

namespace tecsync::http {

using namespace detail;

namespace {

using Clock = std::chrono::steady_clock;

// How long one poll may sleep at most, so that cancellation is seen promptly.
constexpr int kPollCapMs = 50;

/// `scheme://host:port` of a URL: the unit of `max_per_host` (an origin, as
/// browsers count connections). An unparsable URL is its own key; its transfer
/// fails on its own.
std::string origin_of(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return url;
  auto part = [&](CURLUPart p, unsigned flags) {
    char* text = nullptr;
    std::string out;
    if (curl_url_get(u.get(), p, &text, flags) == CURLUE_OK && text) out = text;
    curl_free(text);
    return out;
  };
  return part(CURLUPART_SCHEME, 0) + "://" + part(CURLUPART_HOST, 0) + ":" + part(CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

/// One attempt in flight. Pinned in memory (libcurl holds pointers into it);
/// removes its handle from the multi handle before the handle is freed.
struct Attempt {
  Attempt(CURLM* m, std::size_t i) : multi(m), index(i) {}
  ~Attempt() {
    if (added) curl_multi_remove_handle(multi, easy.get());
  }
  Attempt(const Attempt&) = delete;
  Attempt& operator=(const Attempt&) = delete;

  CURLM* multi;
  std::size_t index;
  Easy easy;
  Slist headers;
  Transfer t;
  HttpResponse head;
  std::string body;
  BodyChunk keep;  // appends to `body` up to the cap
  Clock::time_point started;
  bool added = false;
};

/// Where each request of the batch stands between attempts.
struct Job {
  std::string origin;
  int attempts_made = 0;
};

}  // namespace

Status CurlHttpClient::fetch_many(const std::vector<HttpRequest>& requests, const HttpBatchLimits& limits,
                                  const HttpDone& on_done) noexcept {
  try {
    if (!curl_ready())
      return Status::failed(FailureArea::api, "FeedTransportError.Connect", "libcurl failed to initialise");
    const std::size_t max_in_flight = std::max<std::size_t>(1, limits.max_in_flight);
    const std::size_t max_per_host = limits.max_per_host == 0 ? max_in_flight : limits.max_per_host;
    const double backoff_s = limits.backoff_s > 0 ? limits.backoff_s : defaults_.backoff_s;
    const auto min_interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(std::max(0.0, limits.min_interval_s)));

    // The multi handle's connection cache is what makes keep-alive work across
    // the batch; it lives for this call. Limits are enforced below, before a
    // transfer is added: libcurl's own CURLMOPT_MAX_HOST_CONNECTIONS would queue
    // an added transfer inside libcurl, where pacing cannot see it.
    Multi multi(curl_multi_init());
    if (!multi) return Status::failed(FailureArea::api, "FeedTransportError.Connect", "curl_multi_init failed");
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(max_in_flight));

    std::vector<Job> jobs(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) jobs[i].origin = origin_of(requests[i].url);
    std::deque<std::size_t> ready;
    for (std::size_t i = 0; i < requests.size(); ++i) ready.push_back(i);
    std::vector<std::pair<Clock::time_point, std::size_t>> backing_off;  // (due, index)
    std::map<CURL*, std::unique_ptr<Attempt>> active;
    std::map<std::string, std::size_t> per_host;
    std::optional<Clock::time_point> last_start;
    std::mt19937_64 rng(std::random_device{}());

    auto start = [&](std::size_t i) {
      const HttpRequest& req = requests[i];
      Job& job = jobs[i];
      ++job.attempts_made;
      const Resolved r = resolve(req, defaults_);
      auto a = std::make_unique<Attempt>(multi.get(), i);
      a->easy.reset(curl_easy_init());
      if (!a->easy) throw std::runtime_error("curl_easy_init failed");
      a->headers = make_headers(req);
      Attempt& at = *a;
      at.keep = [&at, cap = limits.max_body_bytes](std::string_view chunk, const HttpResponse&) {
        if (cap > 0 && at.body.size() + chunk.size() > cap) {
          at.t.too_large = true;
          return false;
        }
        at.body.append(chunk);
        return true;
      };
      at.t.handle = at.easy.get();
      at.t.on_chunk = &at.keep;
      at.t.response = &at.head;
      at.t.cancel = cancel_;
      at.t.extra_retry_statuses = &limits.retry_statuses;
      at.t.may_retry = job.attempts_made < r.attempts;
      at.t.max_body = limits.max_body_bytes;
      setup_easy(at.t, req, r, defaults_, at.headers.get());
      // A declared Content-Length over the cap fails before any byte is read.
      if (limits.max_body_bytes > 0)
        curl_easy_setopt(at.t.handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body_bytes));
      at.started = Clock::now();
      if (curl_multi_add_handle(multi.get(), at.t.handle) != CURLM_OK)
        throw std::runtime_error("curl_multi_add_handle failed");
      at.added = true;
      ++per_host[job.origin];
      last_start = at.started;
      active.emplace(at.t.handle, std::move(a));
    };

    // Hands a finished attempt on, or schedules its retry. False: the caller said stop.
    auto finish = [&](CURL* handle, CURLcode code) -> bool {
      auto it = active.find(handle);
      if (it == active.end()) return true;
      std::unique_ptr<Attempt> a = std::move(it->second);
      active.erase(it);
      Job& job = jobs[a->index];
      --per_host[job.origin];
      const HttpRequest& req = requests[a->index];
      const Resolved r = resolve(req, defaults_);
      if (code == CURLE_OK) fill_head(a->t);
      Kind kind = classify(code, a->t);
      double elapsed = std::chrono::duration<double>(Clock::now() - a->started).count();
      if (retryable(kind) && job.attempts_made < r.attempts) {
        // The body is held whole, so even a cut one can start over.
        double delay = backoff_delay(backoff_s, job.attempts_made, rng);
        log_.warn("HTTP attempt " + std::to_string(job.attempts_made) + " of " + std::to_string(r.attempts) + " for " +
                  req.url + " failed (" + retry_reason(kind, a->t, code) + "); retrying in " + seconds_text(delay) +
                  " s");
        backing_off.emplace_back(
            Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay)), a->index);
        return true;
      }
      HttpResult result;
      result.index = a->index;
      result.status = final_status(kind, code, a->t, req, r, elapsed, job.attempts_made);
      result.response = a->head;
      if (result.status.is_ok()) result.body = std::move(a->body);
      a.reset();  // the connection goes back to the cache before the caller's work
      return on_done(std::move(result));
    };

    for (;;) {
      if (cancel_ && cancel_->requested())
        return Status::skipped(FailureArea::api, "Cancelled",
                               "cancelled with " + std::to_string(active.size() + ready.size() + backing_off.size()) +
                                   " of " + std::to_string(requests.size()) + " requests unfinished");
      Clock::time_point now = Clock::now();
      std::optional<Clock::time_point> wake;
      auto wake_at = [&](Clock::time_point t) { wake = wake ? std::min(*wake, t) : t; };

      // Backoffs that ran out join the queue again.
      for (auto it = backing_off.begin(); it != backing_off.end();) {
        if (it->first <= now) {
          ready.push_back(it->second);
          it = backing_off.erase(it);
        } else {
          wake_at(it->first);
          ++it;
        }
      }
      // Start what the limits allow; a request to a busy host waits without
      // holding up requests to other hosts behind it.
      for (auto it = ready.begin(); it != ready.end() && active.size() < max_in_flight;) {
        if (per_host[jobs[*it].origin] >= max_per_host) {
          ++it;
          continue;
        }
        if (last_start && min_interval.count() > 0 && now < *last_start + min_interval) {
          wake_at(*last_start + min_interval);
          break;
        }
        start(*it);
        it = ready.erase(it);
        now = Clock::now();
      }
      if (active.empty() && ready.empty() && backing_off.empty()) return Status::ok();

      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int left = 0;
      bool finished_some = false;
      while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        finished_some = true;
        if (!finish(msg->easy_handle, msg->data.result))
          return Status::skipped(FailureArea::api, "Aborted", "fetch_many stopped by the caller");
      }
      if (active.empty() && ready.empty() && backing_off.empty()) return Status::ok();

      // A freed slot is filled at once, not after the next poll.
      int timeout_ms = finished_some ? 0 : kPollCapMs;
      if (wake && timeout_ms > 0) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*wake - Clock::now()).count();
        timeout_ms = static_cast<int>(std::clamp<long long>(until, 0, kPollCapMs));
      }
      // Without transfers curl_multi_poll just sleeps for the timeout.
      if (timeout_ms > 0) curl_multi_poll(multi.get(), nullptr, 0, timeout_ms, nullptr);
    }
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::api, "FeedTransportError.Connect", std::string("HTTP batch: ") + e.what());
  }
}

}  // namespace tecsync::http
