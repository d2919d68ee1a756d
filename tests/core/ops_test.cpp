// Operations: the Prometheus metrics file, the progress line's text, and the
// dry-run / status / metrics paths of the command line with fixture plugins
// (fx_sink supports neither dry runs nor history).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/dll/library_info.hpp>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "observability/metrics.hpp"
#include "observability/progress.hpp"
#include "plugins/elf_dynsym.hpp"
#include "plugins/loader.hpp"
#include "test_util.hpp"

namespace tecsync {
namespace {

using namespace std::chrono_literals;

// `name{labels} value` lines → "name{labels}" → value; HELP/TYPE lines → "#HELP name"/"#TYPE name" → 1.
std::map<std::string, std::string> parse_prom(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      std::istringstream w(line);
      std::string hash, kind, name, type;
      w >> hash >> kind >> name >> type;
      out["#" + kind + " " + name] = kind == "TYPE" ? type : "1";
      continue;
    }
    const auto sp = line.find_last_of(' ');
    out[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return out;
}

obs::CycleMetrics sample(const std::string& status, std::int64_t secs) {
  obs::CycleMetrics m;
  m.pipeline = "air_flash";
  m.status = status;
  m.duration_s = 1.5;
  m.rows_read = 1200;
  m.rows_written = 37;
  m.rows_rejected = 4;
  m.finished_at = std::chrono::system_clock::time_point(std::chrono::seconds(secs));
  return m;
}

TEST(Metrics, FileParsesBackWithHelpAndTypePerFamily) {
  test::TempDir dir;
  obs::write_metrics(dir.path(), sample("OK_WITH_WARNINGS", 1795945500));
  const auto file = dir / "tecsync_air_flash.prom";
  auto m = parse_prom(test::read_file(file));
  const std::string p = "{pipeline=\"air_flash\"}";
  EXPECT_EQ(m["tecsync_cycle_duration_seconds" + p], "1.5");
  EXPECT_EQ(m["tecsync_cycle_rows_read" + p], "1200");
  EXPECT_EQ(m["tecsync_cycle_rows_changed" + p], "37");
  EXPECT_EQ(m["tecsync_cycle_rows_written" + p], "37");
  EXPECT_EQ(m["tecsync_cycle_rows_rejected" + p], "4");
  EXPECT_EQ(m["tecsync_cycle_status{pipeline=\"air_flash\",status=\"OK_WITH_WARNINGS\"}"], "1");
  EXPECT_EQ(m["tecsync_last_success_timestamp_seconds" + p], "1795945500");
  EXPECT_EQ(m["tecsync_last_cycle_timestamp_seconds" + p], "1795945500");
  for (const char* f : {"tecsync_cycle_duration_seconds", "tecsync_cycle_rows_read", "tecsync_cycle_rows_changed",
                        "tecsync_cycle_rows_written", "tecsync_cycle_rows_rejected", "tecsync_cycle_status",
                        "tecsync_last_cycle_timestamp_seconds", "tecsync_last_success_timestamp_seconds"}) {
    EXPECT_EQ(m[std::string("#HELP ") + f], "1") << f;
    EXPECT_EQ(m[std::string("#TYPE ") + f], "gauge") << f;
  }
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);  // node_exporter runs as another user
  // Only the .prom file: the temporary one was renamed over it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(Metrics, AFailedCycleKeepsTheLastSuccessTimeOfThePreviousFile) {
  test::TempDir dir;
  obs::write_metrics(dir.path(), sample("OK", 1795945500));
  obs::write_metrics(dir.path(), sample("FAILED:DbLockTimeout", 1795947300));
  auto m = parse_prom(test::read_file(dir / "tecsync_air_flash.prom"));
  EXPECT_EQ(m["tecsync_last_success_timestamp_seconds{pipeline=\"air_flash\"}"], "1795945500");
  EXPECT_EQ(m["tecsync_last_cycle_timestamp_seconds{pipeline=\"air_flash\"}"], "1795947300");
  EXPECT_EQ(m["tecsync_cycle_status{pipeline=\"air_flash\",status=\"FAILED:DbLockTimeout\"}"], "1");
  // Never succeeded: no last-success sample at all (not a misleading 0).
  test::TempDir fresh;
  obs::write_metrics(fresh.path(), sample("SKIPPED:Locked", 1795947300));
  EXPECT_EQ(test::read_file(fresh / "tecsync_air_flash.prom").find("tecsync_last_success"), std::string::npos);
}

TEST(Metrics, LabelsAreEscapedAndFileNamesSafe) {
  obs::CycleMetrics m = sample("FAILED:X", 1);
  m.pipeline = "a\"b\\c";
  EXPECT_NE(obs::format_metrics(m).find("{pipeline=\"a\\\"b\\\\c\"}"), std::string::npos);
  EXPECT_EQ(obs::metrics_file("/d", "a/b c").string(), "/d/tecsync_a_b_c.prom");
  EXPECT_EQ(obs::read_last_success("tecsync_last_success_timestamp_seconds_x 5\n"), std::nullopt);
  EXPECT_EQ(obs::read_last_success("tecsync_last_success_timestamp_seconds{pipeline=\"p\"} 12.5\n"), 12.5);
}

TEST(Metrics, UnwritableDirectoryThrowsNamingThePath) {
  try {
    obs::write_metrics("/nonexistent/tecsync-metrics", sample("OK", 1));
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/tecsync-metrics"), std::string::npos) << e.what();
  }
}

TEST(Progress, LineShowsRowsBatchesAndElapsed) {
  EXPECT_EQ(obs::format_progress(0, 0, 0ms), "tecsync: 0 rows read · 0 batches · 0:00 elapsed");
  EXPECT_EQ(obs::format_progress(1234567, 1, 62'500ms), "tecsync: 1,234,567 rows read · 1 batch · 1:02 elapsed");
  EXPECT_EQ(obs::format_progress(999, 12, 3'725'000ms), "tecsync: 999 rows read · 12 batches · 1:02:05 elapsed");
  obs::Progress counting(false);  // disabled: counts, draws nothing
  counting.add_batch(10);
  counting.add_batch(5);
  EXPECT_EQ(counting.rows(), 15);
  EXPECT_EQ(counting.batches(), 2);
  counting.finish();
}

// `strip --strip-all` removes .symtab, where Boost.DLL 1.74 looks for symbols;
// the loader then reads the exports from .dynsym, still before any dlopen.
TEST(StrippedPlugin, LoadsFromItsDynamicSymbolTable) {
  test::TempDir dir;
  test::copy_fixture(dir.path(), "fx_sink");
  const auto file = dir / "tecsync_fx_sink.so";
  ASSERT_EQ(std::system(("strip --strip-all '" + file.string() + "'").c_str()), 0) << "strip (binutils) missing?";
  boost::dll::library_info info(boost::dll::fs::path(file.string()));
  ASSERT_TRUE(info.symbols("tecsync").empty()) << "strip left .symtab: the test proves nothing";
  auto dyn = plugins::dynamic_symbols_in_section(file, "tecsync");
  ASSERT_TRUE(dyn.has_value());
  EXPECT_NE(std::find(dyn->begin(), dyn->end(), "tecsync_create"), dyn->end());
  EXPECT_NE(std::find(dyn->begin(), dyn->end(), "tecsync_plugin_info"), dyn->end());
  auto loaded = plugins::load_file(file);
  ASSERT_TRUE(std::holds_alternative<plugins::LoadedPlugin>(loaded)) << std::get<plugins::Refusal>(loaded).reason;
  const auto& p = std::get<plugins::LoadedPlugin>(loaded);
  EXPECT_EQ(p.name, "fx_sink");
  EXPECT_EQ(p.abi.major, kAbi.major);
  // Not ELF, or cut short: no answer rather than a read past the end.
  test::write_file(dir / "text.so", "just text");
  EXPECT_FALSE(plugins::dynamic_symbols_in_section(dir / "text.so", "tecsync").has_value());
  const std::string whole = test::read_file(file);
  test::write_file(dir / "cut.so", whole.substr(0, 200));
  EXPECT_FALSE(plugins::dynamic_symbols_in_section(dir / "cut.so", "tecsync").has_value());
}

class OpsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(plugins_);
    for (const char* p : {"fx_source", "fx_sink"}) test::copy_fixture(plugins_, p);
  }
  void write_config(const std::string& tecsync_keys = "") {
    test::write_file(conf_, "[tecsync]\nplugin_path = " + plugins_.string() + "\nlog_level = error\n" + tecsync_keys +
                                "[pipeline.p]\nsource = s\nsink = k\n"
                                "[source.s]\nplugin = fx_source\nbatches = 2\nrows = 3\n[sink.k]\nplugin = fx_sink\n");
  }
  int call(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    std::vector<const char*> argv{"tecsync"};
    for (const auto& a : args) argv.push_back(a.c_str());
    return cli::main(static_cast<int>(argv.size()), argv.data(), out_, err_);
  }
  test::TempDir tmp_;
  std::filesystem::path plugins_ = tmp_ / "plugins";
  std::filesystem::path conf_ = tmp_ / "tecsync.conf";
  std::ostringstream out_, err_;
};

TEST_F(OpsCli, DryRunRefusesASinkWithoutDryRunSupport) {
  write_config();
  EXPECT_EQ(call({"dry-run", "--config", conf_.string(), "--pipeline", "p"}), cli::kExitUsage);
  EXPECT_NE(err_.str().find("[sink.k] plugin fx_sink does not support dry runs"), std::string::npos) << err_.str();
  EXPECT_EQ(out_.str(), "");
}

TEST_F(OpsCli, RunWritesTheMetricsFile) {
  const auto metrics = tmp_ / "metrics";
  std::filesystem::create_directory(metrics);
  write_config("metrics_dir = " + metrics.string() + "\n");
  ASSERT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "p", "--json"}), 0) << err_.str();
  auto j = nlohmann::json::parse(out_.str());
  auto m = parse_prom(test::read_file(metrics / "tecsync_p.prom"));
  EXPECT_EQ(m["tecsync_cycle_rows_read{pipeline=\"p\"}"], "6");
  EXPECT_EQ(m["tecsync_cycle_rows_written{pipeline=\"p\"}"], std::to_string(j["rows_written"].get<long>()));
  EXPECT_EQ(m["tecsync_cycle_status{pipeline=\"p\",status=\"OK\"}"], "1");
  EXPECT_EQ(m.count("tecsync_last_success_timestamp_seconds{pipeline=\"p\"}"), 1u);
  // --json: no progress line on stderr, whatever stderr is.
  EXPECT_EQ(err_.str().find("rows read ·"), std::string::npos);
}

TEST_F(OpsCli, StatusReportsASinkWithoutHistory) {
  write_config();
  EXPECT_EQ(call({"status", "--config", conf_.string()}), 0) << err_.str();
  EXPECT_EQ(out_.str().rfind("p (sink k, plugin fx_sink): no history: Unsupported: ", 0), 0u) << out_.str();
  EXPECT_EQ(call({"status", "--config", conf_.string(), "--json", "--limit", "3"}), 0);
  auto j = nlohmann::json::parse(out_.str());
  EXPECT_EQ(j["pipelines"][0]["pipeline"], "p");
  EXPECT_EQ(j["pipelines"][0]["error"]["class"], "Unsupported");
  EXPECT_TRUE(j["pipelines"][0]["cycles"].empty());
  EXPECT_EQ(call({"status", "--config", conf_.string(), "--limit", "x"}), cli::kExitUsage);
  EXPECT_EQ(call({"status", "--config", conf_.string(), "--pipeline", "nope"}), cli::kExitUsage);
}

}  // namespace
}  // namespace tecsync
