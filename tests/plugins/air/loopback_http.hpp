#pragma once
// A real HTTP client for the air plugin's tests (the plugin tests do not link
// the core): libcurl easy handles, and a `fetch_many` that really runs up to
// `max_in_flight` requests at once on worker threads, retries
// `retry_statuses` with doubling backoff, and hands results to the caller's
// thread as they finish — the contract of host.hpp, enough to exercise the deep
// read's parallel path against a loopback server.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "tecsync/host.hpp"

namespace air_test {

class LoopbackHttp : public tecsync::HttpClient {
 public:
  std::atomic<int> attempts{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};  ///< most `fetch_many` requests open at once

  tecsync::Status fetch(const tecsync::HttpRequest& req, const tecsync::BodyChunk& on_chunk,
                        tecsync::HttpResponse& response) noexcept override {
    ++attempts;
    CURL* h = curl_easy_init();
    struct Ctx {
      const tecsync::BodyChunk* cb;
      tecsync::HttpResponse* resp;
      CURL* h;
      bool stopped = false;
    } ctx{&on_chunk, &response, h};
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : req.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    if (req.method == "POST") curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, req.body.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ctx);
    curl_easy_setopt(
        h, CURLOPT_WRITEFUNCTION, +[](char* p, size_t, size_t n, void* u) -> size_t {
          auto* c = static_cast<Ctx*>(u);
          curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &c->resp->status);
          c->resp->body_bytes += n;
          if (!(*c->cb)(std::string_view(p, n), *c->resp)) {
            c->stopped = true;
            return 0;
          }
          return n;
        });
    response = {};
    CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (ctx.stopped) return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.Aborted", req.url);
    if (rc != CURLE_OK)
      return tecsync::Status::failed(tecsync::FailureArea::api, "FeedTransportError.Connect",
                                     req.url + ": " + curl_easy_strerror(rc));
    return tecsync::Status::ok();
  }

  tecsync::Status fetch_many(const std::vector<tecsync::HttpRequest>& reqs, const tecsync::HttpBatchLimits& limits,
                             const tecsync::HttpDone& on_done) noexcept override {
    std::mutex m;
    std::condition_variable cv;
    std::deque<tecsync::HttpResult> done;
    std::size_t next = 0;
    bool stop = false;
    auto worker = [&] {
      for (;;) {
        std::size_t i;
        {
          std::lock_guard<std::mutex> l(m);
          if (stop || next >= reqs.size()) return;
          i = next++;
        }
        tecsync::HttpResult r;
        r.index = i;
        double backoff = limits.backoff_s > 0 ? limits.backoff_s : 0.05;
        int now = ++in_flight;
        for (int seen = max_in_flight.load(); now > seen && !max_in_flight.compare_exchange_weak(seen, now);) {
        }
        for (int attempt = 0;; ++attempt) {
          r.status = fetch_small(reqs[i], r.body, r.response, limits.max_body_bytes);
          bool retry = r.status.is_ok() && std::find(limits.retry_statuses.begin(), limits.retry_statuses.end(),
                                                     r.response.status) != limits.retry_statuses.end();
          if (!retry || attempt >= 3) break;
          std::this_thread::sleep_for(std::chrono::duration<double>(backoff));
          backoff *= 2;
        }
        --in_flight;
        std::lock_guard<std::mutex> l(m);
        done.push_back(std::move(r));
        cv.notify_one();
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < std::min(limits.max_in_flight, reqs.size()); ++t) pool.emplace_back(worker);
    bool aborted = false;
    for (std::size_t got = 0; got < reqs.size() && !aborted; ++got) {
      std::unique_lock<std::mutex> l(m);
      cv.wait(l, [&] { return !done.empty(); });
      tecsync::HttpResult r = std::move(done.front());
      done.pop_front();
      l.unlock();
      if (!on_done(std::move(r))) {
        aborted = true;
        std::lock_guard<std::mutex> g(m);
        stop = true;
      }
    }
    for (auto& t : pool) t.join();
    if (aborted) return tecsync::Status::skipped(tecsync::FailureArea::api, "Aborted", "stopped by the caller");
    return tecsync::Status::ok();
  }
};

}  // namespace air_test
