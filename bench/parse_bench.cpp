// bench_parse: parse throughput of the Air readers on one core, through the
// plugin's real implementation (tecsync_air_impl), with no HTTP and no sink.
//
//   bench_parse --sheet FILE --api-dir DIR [--repeat N] [--ceiling]
//
// FILE is a reseller sheet (bench/gen_feeds.py's sheet.csv), DIR holds API
// pages `syp-NNNN.json`. Every input is read into memory first; the clock runs
// only around the parser: the sheet is pushed in 64 KiB chunks as the HTTP
// client delivers it, each API page goes through `read_api_page` whole, as the
// API form does. Rows go through the real `OfferStream` (de-duplication,
// batches of 5,000) into an emitter that drops them. Prints one JSON line per
// form: {"form","bytes","rows","best_s","median_s","mb_per_s"} (MB = 10^6 bytes,
// from the median of N repeats, default 5; cpu_* from this process's CPU time). --ceiling also times nlohmann's
// SAX parser with a do-nothing handler over the same pages (form
// api_json_sax_null): the most any reader built on nlohmann can reach.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api_reader.hpp"
#include "config.hpp"
#include "fake_host.hpp"
#include "offer_stream.hpp"
#include "sheet_parser.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// Counts what it is given and keeps nothing, like a sink that only stages.
class Drop : public tecsync::Emitter {
 public:
  std::size_t offers = 0;
  tecsync::Status facts(const tecsync::StreamFacts&) noexcept override { return tecsync::Status::ok(); }
  tecsync::Status emit(tecsync::OfferBatch&& b) noexcept override {
    offers += b.offers.size();
    return tecsync::Status::ok();
  }
  std::size_t batch_size() const noexcept override { return 5000; }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

[[noreturn]] void die(const std::string& why) {
  std::cerr << "bench_parse: " << why << "\n";
  std::exit(1);
}

struct Timing {
  std::vector<double> seconds;
  std::vector<double> cpu_seconds;  ///< this process's CPU time: steadier than wall time on a busy machine
  std::size_t rows = 0;
};

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// Runs `once` (which returns the rows it produced) `repeat` times.
Timing time_it(int repeat, const std::function<std::size_t()>& once) {
  Timing t;
  for (int i = 0; i < repeat; ++i) {
    auto start = Clock::now();
    const double cpu_start = cpu_now();
    t.rows = once();
    t.cpu_seconds.push_back(cpu_now() - cpu_start);
    t.seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(t.seconds.begin(), t.seconds.end());
  std::sort(t.cpu_seconds.begin(), t.cpu_seconds.end());
  return t;
}

void report(const char* form, std::size_t bytes, const Timing& t) {
  const double median = t.seconds[t.seconds.size() / 2];
  const double cpu_median = t.cpu_seconds[t.cpu_seconds.size() / 2];
  std::printf(
      "{\"form\":\"%s\",\"bytes\":%zu,\"rows\":%zu,\"best_s\":%.4f,\"median_s\":%.4f,\"mb_per_s\":%.1f,"
      "\"cpu_median_s\":%.4f,\"cpu_mb_per_s\":%.1f}\n",
      form, bytes, t.rows, t.seconds.front(), median, static_cast<double>(bytes) / 1e6 / median, cpu_median,
      static_cast<double>(bytes) / 1e6 / cpu_median);
}

tecsync::air::AirConfig config_for(air_test::FakeHost& host, const std::string& form, const std::string& url) {
  host.set("plugin", "air");
  host.set("form", form);
  host.set("url", url);
  if (form == "api") {
    host.set("user", "reseller");
    host.set("password", "x");
    host.set("warehouse.S_CBA", "cba");
    host.set("warehouse.S_BUE", "lug");
  }
  return tecsync::air::parse_config(host.config);
}

std::size_t parse_sheet(const std::string& body, const std::string& path) {
  air_test::FakeHost host;
  const auto config = config_for(host, "sheet", path);
  auto services = host.services();
  Drop drop;
  tecsync::air::OfferStream stream(drop);
  tecsync::air::SheetParser parser(
      config, services, path, stream,
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t i = 0; i < body.size(); i += kChunk)
    if (auto s = parser.push(std::string_view(body).substr(i, kChunk)); !s) die("sheet: " + s.detail);
  if (auto s = parser.finish(); !s) die("sheet: " + s.detail);
  if (auto s = stream.finish(); !s) die("sheet: " + s.detail);
  return drop.offers;
}

std::size_t parse_api(const std::vector<std::string>& pages) {
  air_test::FakeHost host;
  const auto config = config_for(host, "api", "http://127.0.0.1:1/v2/");
  auto services = host.services();
  Drop drop;
  tecsync::air::OfferStream stream(drop);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto cotiza = tecsync::Decimal::parse("1187.50");
  for (std::size_t n = 0; n < pages.size(); ++n) {
    bool last = false;
    if (auto s = tecsync::air::read_api_page(pages[n], config.url, n, config, services, stream, now, cotiza, last); !s)
      die("api page " + std::to_string(n) + ": " + s.detail);
  }
  if (auto s = stream.finish(); !s) die("api: " + s.detail);
  return drop.offers;
}

/// Accepts every SAX event and keeps nothing: nlohmann's own lexing cost,
/// the ceiling any reader built on it can reach.
struct NullSax {
  using json = nlohmann::json;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

std::size_t sax_ceiling(const std::vector<std::string>& pages) {
  NullSax sax;
  for (const auto& page : pages)
    if (!nlohmann::json::sax_parse(page, &sax)) die("api: a page is not valid JSON");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string sheet, api_dir;
  int repeat = 5;
  bool ceiling = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--sheet")
      sheet = value();
    else if (a == "--api-dir")
      api_dir = value();
    else if (a == "--ceiling")
      ceiling = true;
    else if (a == "--repeat")
      repeat = std::max(1, std::atoi(value().c_str()));
    else
      die("usage: bench_parse --sheet FILE --api-dir DIR [--repeat N] [--ceiling]");
  }
  if (sheet.empty() && api_dir.empty()) die("usage: bench_parse --sheet FILE --api-dir DIR [--repeat N] [--ceiling]");
  try {
    if (!sheet.empty()) {
      const std::string body = slurp(sheet);
      report("sheet_csv", body.size(), time_it(repeat, [&] { return parse_sheet(body, sheet); }));
    }
    if (!api_dir.empty()) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(api_dir))
        if (e.path().filename().string().rfind("syp-", 0) == 0) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      if (files.empty()) die("no syp-NNNN.json pages in " + api_dir);
      std::vector<std::string> pages;
      std::size_t bytes = 0;
      for (const auto& f : files) bytes += (pages.emplace_back(slurp(f))).size();
      if (ceiling) report("api_json_sax_null", bytes, time_it(repeat, [&] { return sax_ceiling(pages); }));
      report("api_json", bytes, time_it(repeat, [&] { return parse_api(pages); }));
    }
  } catch (const std::exception& e) {
    die(e.what());
  }
  return 0;
}
