// A generated 2,000-SKU catalog (scripts/gen_air_catalog.py --deep) through the
// deep read: the API form over real loopback HTTP (tests/servers/air_api_server.py
// with get_meta latency and a 403 every 40th meta) with get_meta 8 in flight,
// and the sheet form from the latin-1 `;` characteristics CSV; every product's
// fields against expected_deep.json.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fake_host.hpp"
#include "loopback_http.hpp"
#include "source.hpp"

namespace fs = std::filesystem;
using air_test::Collector;
using air_test::FakeHost;
using nlohmann::json;
using tecsync::ProductContent;

namespace {

/// A python server child: started with its arguments, its `PORT n` line read,
/// SIGTERMed and reaped at the end.
class Server {
 public:
  explicit Server(std::vector<std::string> args) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    FILE* f = ::fdopen(fds[0], "r");
    char line[64] = {};
    if (f && std::fgets(line, sizeof line, f)) std::sscanf(line, "PORT %d", &port_);
    if (f) std::fclose(f);
  }
  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string dec(const std::optional<tecsync::Decimal>& d) {
  if (!d) return "null";
  return d->to_string(2);
}

// The content as expected_deep.json writes a product.
json as_truth(const ProductContent& c) {
  json specs = json::array();
  for (const auto& s : c.specs) specs.push_back({s.label, s.value});
  json dims = nullptr;
  if (c.dimensions_cm)
    dims = {c.dimensions_cm->length.to_string(2), c.dimensions_cm->width.to_string(2),
            c.dimensions_cm->height.to_string(2)};
  return {{"name", c.name},
          {"mpn", c.mpn},
          {"brand", c.brand},
          {"category", c.category},
          {"description", c.description},
          {"specs", specs},
          {"images", c.image_urls},
          {"weight_kg", c.weight_kg ? json(dec(c.weight_kg)) : json(nullptr)},
          {"dimensions_cm", dims},
          {"barcode", c.barcode},
          {"cost", c.cost ? json(dec(c.cost)) : json(nullptr)},
          {"currency", c.currency}};
}

class AirDeepCatalog : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("air_deep_catalog_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::string cmd = std::string(TECSYNC_AIR_PYTHON) + " " + TECSYNC_AIR_GEN_DEEP +
                      " --count 2000 --seed 11 --deep --deep-separator ';' --deep-encoding latin-1 --out " +
                      dir_.string() + " > /dev/null";
    generated_ = std::system(cmd.c_str()) == 0;
    if (generated_) truth_ = json::parse(slurp(dir_ / "expected_deep.json"));
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  // Every product once, equal to the truth except the keys the form cannot know.
  static void expect_truth(const std::vector<ProductContent>& got, const json& truth) {
    ASSERT_EQ(got.size(), truth.size());
    std::size_t checked = 0;
    for (const auto& c : got) {
      ASSERT_TRUE(truth.contains(c.sku)) << c.sku;
      json want = truth[c.sku];
      json have = as_truth(c);
      for (auto it = have.begin(); it != have.end(); ++it)
        EXPECT_EQ(it.value(), want[it.key()]) << c.sku << " " << it.key();
      ++checked;
    }
    EXPECT_EQ(checked, 2000u);
  }

  static inline fs::path dir_;
  static inline bool generated_ = false;
  static inline json truth_;
};

std::vector<ProductContent> contents(const Collector& c) {
  std::vector<ProductContent> all;
  for (const auto& b : c.batches) all.insert(all.end(), b.contents.begin(), b.contents.end());
  return all;
}

}  // namespace

TEST_F(AirDeepCatalog, ApiFormOverLoopbackWithParallelMetasAndThrottling) {
  ASSERT_TRUE(generated_);
  Server air({TECSYNC_AIR_PYTHON, TECSYNC_AIR_API_SERVER, "--root", dir_.string(), "--user", "u", "--password", "p",
              "--latency-ms", "2", "--throttle-every", "40"});
  ASSERT_GT(air.port(), 0);
  FakeHost h;
  air_test::LoopbackHttp http;
  tecsync::HostServices services{h.config, "air", h.log, h.pulses, h.counters, http, h.cancel};
  h.set("url", "http://127.0.0.1:" + std::to_string(air.port()) + "/v2/");
  h.set("user", "u");
  h.set("password", "p");
  h.set("max_parallel", "8");
  h.set("meta_backoff", "0.02");
  tecsync::air::AirSource src(services);
  Collector out;
  out.size = 300;
  auto s = src.read(tecsync::Strategy::deep, out);
  ASSERT_TRUE(s.is_ok()) << s.error_class << ": " << s.detail;
  auto all = contents(out);
  for (const auto& b : out.batches) EXPECT_LE(b.contents.size(), 300u);
  expect_truth(all, truth_["api"]);
  // Warnings: exactly the broken metas the generator made.
  std::size_t broken = 0;
  for (auto& [sku, t] : truth_["api"].items()) broken += t["meta"] != "ok";
  std::size_t warned = 0;
  for (const auto& c : all)
    for (const auto& w : c.warnings) {
      std::string state = truth_["api"][c.sku]["meta"];
      EXPECT_EQ(w.code, state == "html" ? "BAD_META" : "META_UNAVAILABLE") << c.sku << " " << w.detail;
      EXPECT_NE(state, "ok") << c.sku << " " << w.code << " " << w.detail;  // 403s were retried, never warned
      ++warned;
    }
  EXPECT_EQ(warned, broken);
  EXPECT_GT(broken, 0u);
  // The server saw parallel metas, never more than max_parallel, and throttled some.
  std::string stats;
  {
    air_test::LoopbackHttp probe;
    tecsync::HttpResponse head;
    tecsync::HttpRequest req;
    req.url = "http://127.0.0.1:" + std::to_string(air.port()) + "/_stats";
    probe.fetch_small(req, stats, head);
  }
  json st = json::parse(stats);
  // (The server's own count may briefly exceed 8: a finished request is still
  // counted while its thread winds down. The bound is checked at the client.)
  EXPECT_GT(st["meta_max_in_flight"].get<int>(), 1) << stats;
  EXPECT_GT(st["meta_throttled"].get<int>(), 0) << stats;
  EXPECT_GT(http.max_in_flight.load(), 1);
  EXPECT_LE(http.max_in_flight.load(), 8);  // max_parallel reached fetch_many's limits
}

TEST_F(AirDeepCatalog, SheetFormLatin1Semicolon) {
  ASSERT_TRUE(generated_);
  FakeHost h;
  h.set("form", "sheet");
  h.set("url", (dir_ / "sheet" / "catalog.csv").string());
  h.set("characteristics_url", (dir_ / "sheet" / "caracteristicas.csv").string());
  tecsync::air::AirSource src(h.services());
  Collector out;
  out.size = 500;
  auto s = src.read(tecsync::Strategy::deep, out);
  ASSERT_TRUE(s.is_ok()) << s.error_class << ": " << s.detail;
  EXPECT_TRUE(out.rejects().empty());
  auto all = contents(out);
  expect_truth(all, truth_["sheet"]);
  for (const auto& c : all) EXPECT_TRUE(c.warnings.empty()) << c.sku << " " << c.warnings[0].code;
  EXPECT_TRUE(h.pulses.pulses.empty());
}
