// The libcurl client against a loopback HTTP server started inside the test.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include "http/curl_client.hpp"
#include "test_util.hpp"

namespace tecsync::http {
namespace {

// Serves one connection at a time on 127.0.0.1:<ephemeral>. The handler gets
// the socket (request already read) and the 0-based request number; the
// connection is closed when it returns.
class LoopbackServer {
 public:
  using Handler = std::function<void(int fd, int n, const std::atomic<bool>& stop)>;
  explicit LoopbackServer(Handler h) : handler_(std::move(h)) {
    listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_, 8) != 0)
      throw std::runtime_error("loopback server: bind/listen failed");
    socklen_t len = sizeof addr;
    ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    thread_.join();
    for (auto& t : connections_) t.join();
    ::close(listen_);
  }
  std::string url(const std::string& path = "/feed.csv") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_; }

  static void send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  // Waits up to `seconds`, returning early when the server stops.
  static void stall(double seconds, const std::atomic<bool>& stop) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!stop && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept(listen_, nullptr, nullptr);
      if (fd < 0) continue;
      int n = requests_++;
      // One thread per connection, so a stalled answer does not block a retry.
      connections_.emplace_back([this, fd, n] {
        std::string request;
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos && !stop_) {
          pollfd q{fd, POLLIN, 0};
          if (::poll(&q, 1, 20) <= 0) continue;
          ssize_t got = ::recv(fd, buf, sizeof buf, 0);
          if (got <= 0) break;
          request.append(buf, static_cast<std::size_t>(got));
        }
        handler_(fd, n, stop_);
        ::close(fd);
      });
    }
  }

  Handler handler_;
  int listen_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
  std::vector<std::thread> connections_;
};

std::string response(int status, const std::string& body, const std::string& extra_headers = "") {
  std::string reason = status == 200 ? "OK" : status == 503 ? "Service Unavailable" : "Status";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: Text/CSV; charset=utf-8\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n" + extra_headers + "\r\n" + body;
}

class HttpTest : public ::testing::Test {
 protected:
  HttpDefaults quick() {
    HttpDefaults d;
    d.connect_timeout_s = 2;
    d.low_speed_window_s = 2;
    d.retries = 2;
    d.backoff_s = 0.05;
    return d;
  }
  Status get(CurlHttpClient& client, const std::string& url, std::string& body, HttpResponse& head,
             HttpRequest req = {}) {
    req.url = url;
    chunks_ = 0;
    return client.fetch(
        req,
        [&](std::string_view chunk, const HttpResponse&) {
          ++chunks_;
          body.append(chunk);
          return true;
        },
        head);
  }
  test::Services svc_;
  int chunks_ = 0;
};

TEST_F(HttpTest, ContentLengthBodyArrivesWhole) {
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(200, "a,b\n1,2\n")); });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, server.url(), body, head);
  ASSERT_TRUE(s.is_ok()) << s.detail;
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(head.body_bytes, 8u);
  EXPECT_EQ(body, "a,b\n1,2\n");
}

TEST_F(HttpTest, ChunkedBodyIsDecoded) {
  LoopbackServer server([](int fd, int, const auto&) {
    LoopbackServer::send_all(fd,
                             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  ASSERT_TRUE(get(client, server.url(), body, head).is_ok());
  EXPECT_EQ(body, "hello world");
}

TEST_F(HttpTest, ShortContentLengthIsIncompleteAndNotRetriedOnceBytesWereDelivered) {
  LoopbackServer server([](int fd, int, const auto&) {
    LoopbackServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 517\r\n\r\nCODPROV,COSTO\nTR-1201,289.00\n");
  });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, server.url(), body, head);
  EXPECT_EQ(s.outcome, Outcome::failed);
  EXPECT_EQ(s.area, FailureArea::api);
  EXPECT_EQ(s.error_class, "FeedTransportError.Incomplete");
  EXPECT_NE(s.detail.find(server.url()), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("29 of 517 bytes"), std::string::npos) << s.detail;
  EXPECT_EQ(server.requests(), 1);
}

TEST_F(HttpTest, ChunkedBodyCutBeforeTheLastChunkIsIncomplete) {
  LoopbackServer server([](int fd, int, const auto&) {
    LoopbackServer::send_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
  });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, server.url(), body, head);
  EXPECT_EQ(s.error_class, "FeedTransportError.Incomplete") << s.detail;
  EXPECT_EQ(body, "hello");
}

TEST_F(HttpTest, AStallLongerThanTheLowSpeedWindowIsATimeout) {
  LoopbackServer server([](int fd, int, const auto& stop) {
    LoopbackServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 951\r\n\r\nCODPROV,DESCRIPCION\n");
    LoopbackServer::stall(20, stop);
  });
  HttpDefaults d = quick();
  d.low_speed_window_s = 1;
  CurlHttpClient client(d, svc_.log);
  std::string body;
  HttpResponse head;
  auto t0 = std::chrono::steady_clock::now();
  Status s = get(client, server.url(), body, head);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(s.error_class, "FeedTransportError.Timeout");
  EXPECT_NE(s.detail.find("timeout after 1 s at " + server.url()), std::string::npos) << s.detail;
  EXPECT_NE(s.detail.find("stalled: no data for 1 s after 20 of 951 bytes"), std::string::npos) << s.detail;
  // libcurl averages speed over the last ~5 s, so 20 bytes keep it "fast" for a
  // few seconds before the 1 s window starts: bounded, not instant.
  EXPECT_LT(took, 10.0);
  EXPECT_EQ(server.requests(), 1);  // bytes were delivered: no retry
}

TEST_F(HttpTest, ASilentServerTimesOutAndIsRetried) {
  LoopbackServer server([](int, int, const auto& stop) { LoopbackServer::stall(10, stop); });
  HttpDefaults d = quick();
  d.low_speed_window_s = 1;
  d.retries = 1;
  CurlHttpClient client(d, svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, server.url(), body, head);
  EXPECT_EQ(s.error_class, "FeedTransportError.Timeout");
  EXPECT_NE(s.detail.find("(2 attempts)"), std::string::npos) << s.detail;
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(HttpTest, A503IsRetriedAndItsBodyNeverDelivered) {
  LoopbackServer server([](int fd, int n, const auto&) {
    if (n == 0)
      LoopbackServer::send_all(fd, response(503, "<html>busy</html>"));
    else
      LoopbackServer::send_all(fd, response(200, "fresh"));
  });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, server.url(), body, head);
  ASSERT_TRUE(s.is_ok()) << s.detail;
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(body, "fresh");
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(HttpTest, The429OfTheLastAttemptIsDeliveredWithItsStatus) {
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(429, "slow down")); });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  HttpRequest req;
  req.max_retries = 1;
  Status s = get(client, server.url(), body, head, req);
  EXPECT_TRUE(s.is_ok());
  EXPECT_EQ(head.status, 429);
  EXPECT_EQ(body, "slow down");
  EXPECT_EQ(server.requests(), 2);
}

TEST_F(HttpTest, A404IsNotRetried) {
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(404, "nope")); });
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  EXPECT_TRUE(get(client, server.url(), body, head).is_ok());
  EXPECT_EQ(head.status, 404);
  EXPECT_EQ(server.requests(), 1);
}

TEST_F(HttpTest, ConnectionRefusedIsConnectAfterRetries) {
  int port = 0;
  {
    LoopbackServer gone([](int, int, const auto&) {});
    std::string u = gone.url();
    port = std::stoi(u.substr(u.rfind(':') + 1));
  }
  CurlHttpClient client(quick(), svc_.log);
  std::string body;
  HttpResponse head;
  Status s = get(client, "http://127.0.0.1:" + std::to_string(port) + "/x", body, head);
  EXPECT_EQ(s.error_class, "FeedTransportError.Connect") << s.detail;
  EXPECT_NE(s.detail.find("(3 attempts)"), std::string::npos) << s.detail;
}

TEST_F(HttpTest, TheReaderCanStopTheTransfer) {
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(200, "abcdef")); });
  CurlHttpClient client(quick(), svc_.log);
  HttpResponse head;
  HttpRequest req;
  req.url = server.url();
  Status s = client.fetch(
      req, [](std::string_view, const HttpResponse&) { return false; }, head);
  EXPECT_EQ(s.error_class, "FeedTransportError.Aborted");
  EXPECT_EQ(server.requests(), 1);
}

TEST_F(HttpTest, FetchSmallAndPost) {
  std::string seen_method;
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(200, "{\"token\":1}")); });
  CurlHttpClient client(quick(), svc_.log);
  HttpRequest req;
  req.method = "POST";
  req.url = server.url("/v2/login");
  req.body = "{\"user\":\"u\"}";
  req.headers = {{"Content-Type", "application/json"}};
  std::string out;
  HttpResponse head;
  ASSERT_TRUE(client.fetch_small(req, out, head).is_ok());
  EXPECT_EQ(out, "{\"token\":1}");
  Status big = client.fetch_small(req, out, head, 3);
  EXPECT_EQ(big.error_class, "FeedTransportError.TooLarge");
}

TEST_F(HttpTest, CancellationStopsRetrying) {
  LoopbackServer server([](int fd, int, const auto&) { LoopbackServer::send_all(fd, response(503, "busy")); });
  HttpDefaults d = quick();
  d.backoff_s = 5;
  obs::ManualCancellation cancel;
  CurlHttpClient client(d, svc_.log, &cancel);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel.request();
  });
  std::string body;
  HttpResponse head;
  auto t0 = std::chrono::steady_clock::now();
  Status s = get(client, server.url(), body, head);
  canceller.join();
  EXPECT_EQ(s.outcome, Outcome::skipped);
  EXPECT_EQ(s.error_class, "Cancelled");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 3.0);
}

// A paged API (Air: 200 pages per cycle) must not cost a TCP connection per
// page: sequential fetches of one client reuse the first connection.
TEST_F(HttpTest, SequentialFetchesReuseTheConnection) {
  std::atomic<int> answered{0};
  LoopbackServer server([&](int fd, int, const std::atomic<bool>& stop) {
    for (;;) {
      const std::string body = "page " + std::to_string(answered.load());
      LoopbackServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                       std::to_string(body.size()) + "\r\n\r\n" + body);
      ++answered;
      // Keep-alive: wait on the same socket for the next request.
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        if (stop) return;
        pollfd q{fd, POLLIN, 0};
        if (::poll(&q, 1, 20) <= 0) continue;
        ssize_t got = ::recv(fd, buf, sizeof buf, 0);
        if (got <= 0) return;  // the client closed it
        request.append(buf, static_cast<std::size_t>(got));
      }
    }
  });
  CurlHttpClient client(quick(), svc_.log);
  for (int i = 0; i < 3; ++i) {
    std::string body;
    HttpResponse head;
    HttpRequest req;
    req.url = server.url("/v2/?page=" + std::to_string(i));
    ASSERT_TRUE(client.fetch_small(req, body, head)) << i;
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(body, "page " + std::to_string(i));
  }
  EXPECT_EQ(answered.load(), 3);
  EXPECT_EQ(server.requests(), 1) << "connections accepted";
}

}  // namespace
}  // namespace tecsync::http
