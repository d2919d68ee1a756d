// HttpClient::fetch_many of the core's libcurl client against
// tests/servers/latency_http_server.py, which counts how many requests it was
// answering at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "http/curl_client.hpp"
#include "latency_server.hpp"
#include "test_util.hpp"

namespace tecsync::http {
namespace {

using Clock = std::chrono::steady_clock;

std::filesystem::path script() { return std::filesystem::path(TECSYNC_TEST_SERVERS_DIR) / "latency_http_server.py"; }

class FetchManyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<test::LatencyServer>(script()); }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override { server_->reset(client_); }

  static HttpDefaults quick() {
    HttpDefaults d;
    d.connect_timeout_s = 2;
    d.low_speed_window_s = 5;
    d.retries = 2;
    d.backoff_s = 0.05;
    return d;
  }
  static HttpRequest get(const std::string& url) {
    HttpRequest r;
    r.url = url;
    return r;
  }
  // Runs the batch; results by index, plus the order they came in.
  Status run(const std::vector<HttpRequest>& reqs, const HttpBatchLimits& limits, CurlHttpClient& client) {
    results_.clear();
    order_.clear();
    return client.fetch_many(reqs, limits, [&](HttpResult&& r) {
      order_.push_back(r.index);
      results_[r.index] = std::move(r);
      return true;
    });
  }

  static std::unique_ptr<test::LatencyServer> server_;
  test::Services svc_;
  obs::ManualCancellation cancel_;
  CurlHttpClient client_{quick(), svc_.log, &cancel_};
  std::map<std::size_t, HttpResult> results_;
  std::vector<std::size_t> order_;
};

std::unique_ptr<test::LatencyServer> FetchManyTest::server_;

TEST_F(FetchManyTest, AtMostMaxInFlightRequestsAreOpenAndAllArrive) {
  std::vector<HttpRequest> reqs;
  for (int i = 0; i < 24; ++i) reqs.push_back(get(server_->url("/img/" + std::to_string(i) + "?delay=0.1&bytes=3000")));
  HttpBatchLimits limits;
  limits.max_in_flight = 4;
  auto t0 = Clock::now();
  ASSERT_TRUE(run(reqs, limits, client_).is_ok());
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_EQ(results_.size(), 24u);
  for (const auto& [i, r] : results_) {
    EXPECT_TRUE(r.status.is_ok()) << r.status.detail;
    EXPECT_EQ(r.response.status, 200);
    EXPECT_EQ(r.body.size(), 3000u);
    EXPECT_EQ(r.response.content_type, "image/png");
  }
  auto stats = server_->stats(client_);
  EXPECT_EQ(stats["max_in_flight"].get<int>(), 4) << stats.dump();    // the bound, and really parallel
  EXPECT_LE(stats["max_connections"].get<int>(), 5) << stats.dump();  // reused, plus the /reset one
  EXPECT_LT(secs, 2.0) << "24 × 100 ms at 4 in flight should take about 0.6 s (2.4 s one by one)";
}

TEST_F(FetchManyTest, PerHostBoundHoldsAndABusyHostDoesNotHoldUpAnother) {
  test::LatencyServer other(script());
  std::vector<HttpRequest> reqs;
  // All of host A first: with head-of-line blocking B would wait for A's last.
  // 300 ms each, so that two requests to one host overlap even on a loaded machine.
  for (int i = 0; i < 4; ++i) reqs.push_back(get(server_->url("/a?delay=0.3")));
  for (int i = 0; i < 4; ++i) reqs.push_back(get(other.url("/b?delay=0.3")));
  HttpBatchLimits limits;
  limits.max_in_flight = 6;
  limits.max_per_host = 2;
  ASSERT_TRUE(run(reqs, limits, client_).is_ok());
  ASSERT_EQ(results_.size(), 8u);
  EXPECT_EQ(server_->stats(client_)["max_in_flight"].get<int>(), 2);
  EXPECT_EQ(other.stats(client_)["max_in_flight"].get<int>(), 2);
  std::size_t first_b = 0, last_a = 0;
  for (std::size_t pos = 0; pos < order_.size(); ++pos) {
    if (order_[pos] >= 4 && first_b == 0) first_b = pos + 1;
    if (order_[pos] < 4) last_a = pos + 1;
  }
  EXPECT_LT(first_b, last_a) << "host B's requests started while host A was at its limit";
}

TEST_F(FetchManyTest, ABodyOverTheCapFailsThatRequestOnly) {
  std::vector<HttpRequest> reqs = {get(server_->url("/big?bytes=50000")),
                                   get(server_->url("/big-chunked?bytes=50000&chunked=1")),
                                   get(server_->url("/exact?bytes=10000")), get(server_->url("/small?bytes=10"))};
  HttpBatchLimits limits;
  limits.max_body_bytes = 10000;
  ASSERT_TRUE(run(reqs, limits, client_).is_ok());
  ASSERT_EQ(results_.size(), 4u);
  EXPECT_EQ(results_[0].status.error_class, "FeedTransportError.TooLarge") << results_[0].status.detail;
  EXPECT_NE(results_[0].status.detail.find("10000 bytes"), std::string::npos) << results_[0].status.detail;
  EXPECT_EQ(results_[1].status.error_class, "FeedTransportError.TooLarge") << results_[1].status.detail;
  EXPECT_TRUE(results_[0].body.empty());
  EXPECT_TRUE(results_[2].status.is_ok());
  EXPECT_EQ(results_[2].body.size(), 10000u);
  EXPECT_TRUE(results_[3].status.is_ok());
  // Not retried: a cap is not a transient failure.
  EXPECT_EQ(server_->stats(client_)["requests"].get<int>(), 4);
}

TEST_F(FetchManyTest, RetryableStatusesAreRetriedAfterBackoffWithoutBlockingOthers) {
  std::vector<HttpRequest> reqs = {
      get(server_->url("/x?status=503&fail=2&key=r503")),   // 503, 503, then 200
      get(server_->url("/x?status=403&fail=1&key=r403")),   // 403 is "slow down" here
      get(server_->url("/x?status=404&key=r404")),          // never retried
      get(server_->url("/x?status=403&fail=1&key=r403b")),  // 403 again, with the rest
  };
  for (int i = 0; i < 4; ++i) reqs.push_back(get(server_->url("/y?delay=0.1&key=other")));
  HttpBatchLimits limits;
  limits.max_in_flight = 1;  // one slot: a retry sleeping in it would serialise everything
  limits.retry_statuses = {403};
  limits.backoff_s = 0.2;
  auto t0 = Clock::now();
  ASSERT_TRUE(run(reqs, limits, client_).is_ok());
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_EQ(results_.size(), 8u);
  EXPECT_EQ(results_[0].response.status, 200);
  EXPECT_EQ(results_[1].response.status, 200);
  EXPECT_EQ(results_[2].response.status, 404);
  EXPECT_TRUE(results_[2].status.is_ok());  // an answer, whatever its status
  auto hits = server_->stats(client_)["hits"];
  EXPECT_EQ(hits["r503"].get<int>(), 3);
  EXPECT_EQ(hits["r403"].get<int>(), 2);
  EXPECT_EQ(hits["r404"].get<int>(), 1);
  // Backoff 0.2 then 0.4 s for the 503 one: at least 0.6 s in all, and the
  // 100 ms requests finished while it waited.
  EXPECT_GE(secs, 0.6);
  EXPECT_LT(secs, 2.0);
  std::size_t pos503 = std::find(order_.begin(), order_.end(), 0u) - order_.begin();
  EXPECT_GE(pos503, 5u) << "the others went on during the backoff";
}

TEST_F(FetchManyTest, WithoutRetryStatusesA403ComesBackAsIs) {
  ASSERT_TRUE(run({get(server_->url("/x?status=403&key=plain"))}, HttpBatchLimits{}, client_).is_ok());
  EXPECT_EQ(results_[0].response.status, 403);
  EXPECT_EQ(server_->stats(client_)["hits"]["plain"].get<int>(), 1);
}

TEST_F(FetchManyTest, OneFailureDoesNotStopTheOthers) {
  HttpRequest refused = get("http://127.0.0.1:1/nothing-listens-here");
  refused.max_retries = 0;
  std::vector<HttpRequest> reqs = {refused, get(server_->url("/ok?bytes=5")), get(server_->url("/missing?status=404")),
                                   get(server_->url("/ok2?bytes=7"))};
  ASSERT_TRUE(run(reqs, HttpBatchLimits{}, client_).is_ok());
  ASSERT_EQ(results_.size(), 4u);
  EXPECT_EQ(results_[0].status.error_class, "FeedTransportError.Connect");
  EXPECT_NE(results_[0].status.detail.find("127.0.0.1:1"), std::string::npos);
  EXPECT_EQ(results_[1].body.size(), 5u);
  EXPECT_EQ(results_[2].response.status, 404);
  EXPECT_EQ(results_[3].body.size(), 7u);
}

TEST_F(FetchManyTest, PacingSpacesTheStarts) {
  std::vector<HttpRequest> reqs(4, get(server_->url("/p")));
  HttpBatchLimits limits;
  limits.min_interval_s = 0.15;
  auto t0 = Clock::now();
  ASSERT_TRUE(run(reqs, limits, client_).is_ok());
  EXPECT_GE(std::chrono::duration<double>(Clock::now() - t0).count(), 0.45);
  EXPECT_EQ(results_.size(), 4u);
}

TEST_F(FetchManyTest, CancellationStopsTheBatchPromptly) {
  std::vector<HttpRequest> reqs(12, get(server_->url("/slow?delay=3")));
  HttpBatchLimits limits;
  limits.max_in_flight = 4;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel_.request();
  });
  auto t0 = Clock::now();
  Status s = run(reqs, limits, client_);
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  canceller.join();
  EXPECT_EQ(s.outcome, Outcome::skipped);
  EXPECT_EQ(s.error_class, "Cancelled");
  EXPECT_LT(secs, 1.0);
  EXPECT_LT(results_.size(), 12u);
}

TEST_F(FetchManyTest, TheCallerCanStopTheBatch) {
  std::vector<HttpRequest> reqs(6, get(server_->url("/s")));
  HttpBatchLimits limits;
  limits.max_in_flight = 1;
  int seen = 0;
  Status s = client_.fetch_many(reqs, limits, [&](HttpResult&&) { return ++seen < 2; });
  EXPECT_EQ(s.error_class, "Aborted");
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace tecsync::http
