// Image-fetch benchmark: N images of B bytes, each answered after L seconds by
// tests/servers/latency_http_server.py on loopback, fetched with the core's
// fetch_many at max_in_flight K. Reports wall time against the ideal N × L / K
// as a ratio (issue 4's target: ≤ 1.5), and a baseline in the same invocation:
// a subset at max_in_flight 1 against its own ideal (M × L), and the speedup
// per image of K in flight over one.
//
//   bench_images [--n 2000] [--bytes 20000] [--latency 0.05] [--in-flight 8]
//                [--baseline-n 100] [--json]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "http/curl_client.hpp"
#include "latency_server.hpp"
#include "observability/log.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t n = 2000;
  std::size_t bytes = 20000;
  double latency = 0.05;
  std::size_t in_flight = 8;
  std::size_t baseline_n = 100;
  bool json = false;
};

struct Measure {
  std::size_t requests = 0, in_flight = 0, ok = 0;
  std::uint64_t bytes = 0;
  double seconds = 0, ideal = 0;
  int server_max_in_flight = 0;
  double ratio() const { return seconds / ideal; }
};

Measure fetch(tecsync::test::LatencyServer& server, tecsync::http::CurlHttpClient& http, const Options& o,
              std::size_t n, std::size_t in_flight, const char* tag) {
  std::vector<tecsync::HttpRequest> reqs(n);
  for (std::size_t i = 0; i < n; ++i)
    reqs[i].url = server.url(std::string("/") + tag + "/" + std::to_string(i) +
                             ".png?bytes=" + std::to_string(o.bytes) + "&delay=" + std::to_string(o.latency));
  tecsync::HttpBatchLimits limits;
  limits.max_in_flight = in_flight;
  server.reset(http);
  Measure m;
  m.requests = n;
  m.in_flight = in_flight;
  m.ideal = static_cast<double>(n) * o.latency / static_cast<double>(in_flight);
  auto t0 = Clock::now();
  tecsync::Status s = http.fetch_many(reqs, limits, [&](tecsync::HttpResult&& r) {
    if (r.status.is_ok() && r.response.status == 200) ++m.ok;
    m.bytes += r.body.size();
    return true;
  });
  m.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!s.is_ok()) std::cerr << "fetch_many: " << s.error_class << ": " << s.detail << "\n";
  m.server_max_in_flight = server.stats(http)["max_in_flight"].get<int>();
  return m;
}

void print(const char* label, const Measure& m) {
  std::printf(
      "%-9s %5zu images, %zu in flight: %7.2f s, ideal %7.2f s, ratio %.3f (server saw %d at once; %zu ok, %.1f MB)\n",
      label, m.requests, m.in_flight, m.seconds, m.ideal, m.ratio(), m.server_max_in_flight, m.ok,
      static_cast<double>(m.bytes) / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--n")
      o.n = std::strtoul(next(), nullptr, 10);
    else if (a == "--bytes")
      o.bytes = std::strtoul(next(), nullptr, 10);
    else if (a == "--latency")
      o.latency = std::strtod(next(), nullptr);
    else if (a == "--in-flight")
      o.in_flight = std::strtoul(next(), nullptr, 10);
    else if (a == "--baseline-n")
      o.baseline_n = std::strtoul(next(), nullptr, 10);
    else if (a == "--json")
      o.json = true;
    else {
      std::cerr << "usage: bench_images [--n N] [--bytes B] [--latency S] [--in-flight K] [--baseline-n M] [--json]\n";
      return 2;
    }
  }
  tecsync::obs::SpdLogger log(tecsync::obs::stderr_logger(tecsync::LogLevel::warn), "bench");
  tecsync::http::HttpDefaults defaults;
  tecsync::http::CurlHttpClient http(defaults, log);
  tecsync::test::LatencyServer server(std::filesystem::path(TECSYNC_SERVERS_DIR) / "latency_http_server.py");

  Measure parallel = fetch(server, http, o, o.n, o.in_flight, "img");
  Measure serial = fetch(server, http, o, o.baseline_n, 1, "one");
  const double per_image_parallel = parallel.seconds / static_cast<double>(parallel.requests);
  const double per_image_serial = serial.seconds / static_cast<double>(serial.requests);
  const double speedup = per_image_serial / per_image_parallel;
  if (o.json) {
    std::printf(
        "{\"n\":%zu,\"bytes\":%zu,\"latency_s\":%.3f,\"in_flight\":%zu,\"seconds\":%.3f,\"ideal_s\":%.3f,"
        "\"ratio\":%.3f,\"ok\":%zu,\"server_max_in_flight\":%d,\"baseline_n\":%zu,\"baseline_seconds\":%.3f,"
        "\"baseline_ratio\":%.3f,\"speedup\":%.2f}\n",
        o.n, o.bytes, o.latency, o.in_flight, parallel.seconds, parallel.ideal, parallel.ratio(), parallel.ok,
        parallel.server_max_in_flight, serial.requests, serial.seconds, serial.ratio(), speedup);
  } else {
    print("parallel", parallel);
    print("baseline", serial);
    std::printf("speedup per image: %.2f× (ideal %zu×); target ratio ≤ 1.5: %s\n", speedup, o.in_flight,
                parallel.ratio() <= 1.5 ? "met" : "NOT met");
  }
  const bool all_ok = parallel.ok == parallel.requests && serial.ok == serial.requests;
  if (!all_ok) std::cerr << "some images failed\n";
  return all_ok ? 0 : 1;
}
