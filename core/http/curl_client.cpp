#include "http/curl_client.hpp"

#include <chrono>
#include <thread>

#include "http/curl_easy.hpp"

namespace tecsync::http {

using namespace detail;

CurlHttpClient::CurlHttpClient(HttpDefaults defaults, Logger& log, const Cancellation* cancel)
    : defaults_(defaults), log_(log), cancel_(cancel), pool_(std::make_unique<EasyPool>()) {}

CurlHttpClient::~CurlHttpClient() = default;

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
    const Resolved r = resolve(request, defaults_);
    Slist headers = make_headers(request);

    std::mt19937_64 rng(std::random_device{}());
    for (int attempt = 1;; ++attempt) {
      EasyLease easy(*pool_);
      if (!easy.get()) return Status::failed(FailureArea::api, "FeedTransportError.Connect", "curl_easy_init failed");
      HttpResponse head;
      Transfer t;
      t.handle = easy.get();
      t.on_chunk = &on_chunk;
      t.response = &head;
      t.cancel = cancel_;
      t.may_retry = attempt < r.attempts;
      setup_easy(t, request, r, defaults_, headers.get());

      auto started = std::chrono::steady_clock::now();
      CURLcode code = curl_easy_perform(t.handle);
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (code == CURLE_OK) fill_head(t);
      Kind kind = classify(code, t);
      response = head;
      if (kind == Kind::ok) return Status::ok();

      // A delivered body can be retried only when the caller can start over.
      if (retryable(kind) && (!t.delivered || restart != nullptr) && attempt < r.attempts) {
        if (t.delivered) (*restart)();
        double delay = backoff_delay(defaults_.backoff_s, attempt, rng);
        log_.warn("HTTP attempt " + std::to_string(attempt) + " of " + std::to_string(r.attempts) + " for " +
                  request.url + " failed (" + retry_reason(kind, t, code) + "); retrying in " + seconds_text(delay) +
                  " s");
        auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(delay);
        while (std::chrono::steady_clock::now() < until) {
          if (cancel_ && cancel_->requested())
            return Status::skipped(FailureArea::api, "Cancelled", "cancelled while waiting to retry " + request.url);
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        continue;
      }
      return final_status(kind, code, t, request, r, elapsed, attempt);
    }
  } catch (const std::exception& e) {
    return Status::failed(FailureArea::api, "FeedTransportError.Connect",
                          std::string("HTTP client error at ") + request.url + ": " + e.what());
  }
}

}  // namespace tecsync::http
