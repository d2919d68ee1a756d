// The pipeline runner through the real host: config → fixture plugins → cycle.
// The fixture sink journals every call, so the order begin/write/commit/abort is asserted.
#include <gtest/gtest.h>

#include <sstream>

#include "host.hpp"
#include "test_util.hpp"

namespace tecsync {
namespace {

using test::TempDir;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(plugins_);
    for (const char* p : {"fx_source", "fx_transform", "fx_sink"}) test::copy_fixture(plugins_, p);
  }

  // Runs pipeline `p` with extra keys for the source, transform and sink sections.
  RunResult run(const std::string& source_keys, const std::string& transform_keys = "",
                const std::string& sink_keys = "", const std::string& batch_size = "4") {
    std::ostringstream ini;
    ini << "[tecsync]\nplugin_path = " << plugins_.string() << "\nlog_level = warn\n"
        << "[pipeline.p]\nsource = s\ntransforms = t\nsink = k\nstrategy = flash\nbatch_size = " << batch_size << "\n"
        << "[source.s]\nplugin = fx_source\n"
        << source_keys << "\n"
        << "[transform.t]\nplugin = fx_transform\n"
        << transform_keys << "\n"
        << "[sink.k]\nplugin = fx_sink\njournal = " << journal_.string() << "\n"
        << sink_keys << "\n";
    test::write_file(tmp_ / "tecsync.conf", ini.str());
    Host host(config::load(tmp_ / "tecsync.conf"));
    return host.run("p", cancel_);
  }
  std::string journal() const { return test::read_file(journal_); }

  TempDir tmp_;
  std::filesystem::path plugins_ = tmp_ / "plugins";
  std::filesystem::path journal_ = tmp_ / "journal";
  obs::ManualCancellation cancel_;
};

std::int64_t count(const RunResult& r, const std::string& name) {
  for (const auto& [n, v] : r.counts)
    if (n == name) return v;
  return -1;
}

TEST_F(PipelineTest, CommitsOnSuccessAfterBeginWithFacts) {
  RunResult r = run("batches = 3\nrows = 4");
  EXPECT_EQ(r.status, "OK");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 4 0\nwrite 4 0\nwrite 4 0\ncommit\n");
  EXPECT_EQ(r.rows_written, 12);
  EXPECT_EQ(count(r, "offers_staged"), 12);
  EXPECT_EQ(count(r, "rows_read"), 12);
  EXPECT_EQ(count(r, "rejects"), 0);
  EXPECT_EQ(count(r, "fixture_batches"), 3);           // a plugin's own counter
  EXPECT_EQ(r.counts.front().first, "offers_staged");  // the sink's order first
  EXPECT_EQ(r.pulse.text, "✅ Success");
  EXPECT_EQ(r.pulse_text.rfind("✅ Success · flash · ", 0), 0u) << r.pulse_text;
  EXPECT_EQ(r.pulse_text.substr(r.pulse_text.size() - 4), " UTC");
  EXPECT_TRUE(r.failure.is_ok());
}

TEST_F(PipelineTest, BeginsAtTheFirstBatchWhenNoFactsAreAnnounced) {
  RunResult r = run("batches = 1\nrows = 2\nfacts = no");
  EXPECT_EQ(r.status, "OK");
  EXPECT_EQ(journal(), "begin -\nwrite 2 0\ncommit\n");
}

TEST_F(PipelineTest, AnEmptyFeedStillBeginsAndCommitsSoTheSinkDecides) {
  RunResult r = run("batches = 0\nfacts = no");
  EXPECT_EQ(journal(), "begin -\ncommit\n");
  EXPECT_EQ(r.status, "OK");
}

TEST_F(PipelineTest, AbortsNeverCommitsWhenTheSourceFailsAfterEmitting) {
  RunResult r = run("batches = 5\nrows = 4\nfail_after = 2");
  EXPECT_EQ(r.status, "FAILED:FeedFormatError");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 4 0\nwrite 4 0\nabort FeedFormatError\n");
  EXPECT_EQ(r.rows_written, 0);
  EXPECT_EQ(r.pulse.level, PulseLevel::error);
  EXPECT_EQ(r.pulse.text.rfind("❌ Feed Error: FeedFormatError: fixture://fx_source line 10", 0), 0u) << r.pulse.text;
  EXPECT_EQ(r.failure_point, "source 's' (plugin fx_source) read()");
}

TEST_F(PipelineTest, AbortsWhenATransformFailsAndStopsTheRead) {
  RunResult r = run("batches = 5\nrows = 4", "fail_on_batch = 2");
  EXPECT_EQ(r.status, "FAILED:FxTransformError");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 4 0\nabort FxTransformError\n");
  EXPECT_EQ(r.failure_point, "transform 't' (plugin fx_transform) apply()");
  EXPECT_EQ(count(r, "rows_read"), 8);  // the source stopped at the failing batch
}

TEST_F(PipelineTest, AbortsWhenAPluginThrowsAStdException) {
  RunResult r = run("batches = 3\nthrow = std");
  EXPECT_EQ(r.status, "FAILED:PluginRuntimeError");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 2 0\nabort PluginRuntimeError\n");
  EXPECT_NE(
      r.pulse.text.find("❌ Plugin Error: PluginRuntimeError: plugin 'fx_source' threw in read(): fixture exploded"),
      std::string::npos)
      << r.pulse.text;
}

TEST_F(PipelineTest, AbortsWhenAPluginThrowsANonStandardValue) {
  RunResult r = run("batches = 3\nthrow = other");
  EXPECT_EQ(r.status, "FAILED:PluginRuntimeError");
  EXPECT_NE(r.failure.detail.find("plugin 'fx_source' threw a non-standard exception in read()"), std::string::npos);
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 2 0\nabort PluginRuntimeError\n");
}

TEST_F(PipelineTest, AbortsWhenTheSinkFailsToCommit) {
  RunResult r = run("batches = 1", "", "fail_on = commit");
  EXPECT_EQ(r.status, "FAILED:FxSinkError");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 2 0\ncommit\nabort FxSinkError\n");
  EXPECT_EQ(r.failure_point, "sink 'k' (plugin fx_sink) commit()");
  EXPECT_EQ(r.pulse.text, "❌ DB Error: FxSinkError: fixture sink failed in commit");
}

TEST_F(PipelineTest, AbortsWhenTheSinkFailsToBegin) {
  RunResult r = run("batches = 2", "", "fail_on = begin");
  EXPECT_EQ(r.status, "FAILED:FxSinkError");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nabort FxSinkError\n");
}

TEST_F(PipelineTest, AnOversizedBatchIsCutToTheBatchSize) {
  RunResult r = run("oversize = yes", "", "", "4");  // the source emits one batch of 12
  EXPECT_EQ(r.status, "OK");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 4 0\nwrite 4 0\nwrite 4 0\ncommit\n");
}

TEST_F(PipelineTest, RejectsMakeItOkWithWarnings) {
  RunResult r = run("batches = 2\nrows = 2\nrejects = 1", "reject_odd = yes");
  EXPECT_EQ(r.status, "OK_WITH_WARNINGS");
  // Per batch: 1 reject from the source + 1 from the transform, 1 offer left.
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 1 2\nwrite 1 2\ncommit\n");
  EXPECT_EQ(count(r, "rejects"), 4);
  EXPECT_EQ(count(r, "rows_read"), 6);
  // Status and pulse agree: a run with warnings never pulses `✅ Success`
  // (the fixture sink does not fold, so the host does).
  EXPECT_EQ(r.pulse.level, PulseLevel::warning) << r.pulse.text;
  EXPECT_EQ(r.pulse.text, "⚠️ Row Issues: 4 reject(s), 0 warning(s)");
}

TEST_F(PipelineTest, LogsTheFirstTwentyRowIssuesThenHowManyMore) {
  testing::internal::CaptureStderr();
  RunResult r = run("batches = 3\nrows = 1\nrejects = 10");
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(count(r, "rejects"), 30);
  std::size_t lines = 0;
  for (std::size_t at = err.find("reject fixture line 1, SKU '': BLANK_SKU: blank"); at != std::string::npos;
       at = err.find("reject fixture line 1, SKU '': BLANK_SKU: blank", at + 1))
    ++lines;
  EXPECT_EQ(lines, 20u) << err;
  EXPECT_NE(err.find("… and 10 more row issue(s)"), std::string::npos) << err;
}

TEST_F(PipelineTest, EachPulseIsLoggedOnce) {
  test::copy_fixture(plugins_, "fx_old_major");
  testing::internal::CaptureStderr();
  RunResult r = run("batches = 1");
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.pulse.text.rfind("⚠️ Plugins Refused: 1", 0), 0u) << r.pulse.text;
  const std::string line = "pulse " + r.pulse_text;
  const auto first = err.find(line);
  ASSERT_NE(first, std::string::npos) << err;
  EXPECT_EQ(err.find(line, first + 1), std::string::npos) << "logged twice:\n" << err;
}

TEST_F(PipelineTest, SkippedSourceIsSkippedAndAborted) {
  RunResult r = run("skip = yes");
  EXPECT_EQ(r.status, "SKIPPED:DbLockTimeout");
  // Skipped is not an error: a warning pulse, never `❌ DB Error`.
  EXPECT_EQ(r.pulse.level, PulseLevel::warning);
  EXPECT_EQ(r.pulse.text.rfind("⚠️ Skipped: DbLockTimeout: ", 0), 0u) << r.pulse.text;
  EXPECT_EQ(journal(), "abort DbLockTimeout\n");  // abort without begin: nothing was opened
}

TEST_F(PipelineTest, CancellationSkipsAndAborts) {
  cancel_.request();
  RunResult r = run("batches = 3");
  EXPECT_EQ(r.status, "SKIPPED:Cancelled");
  EXPECT_EQ(journal(), "begin fixture://fx_source\nabort Cancelled\n");
}

TEST_F(PipelineTest, ARefusedFileElsewhereInThePluginPathIsAWarning) {
  test::copy_fixture(plugins_, "fx_old_major");
  RunResult r = run("batches = 1");
  EXPECT_EQ(r.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(r.pulse.text.rfind("⚠️ Plugins Refused: 1", 0), 0u) << r.pulse.text;
  EXPECT_EQ(journal(), "begin fixture://fx_source\nwrite 2 0\ncommit\n");
}

TEST_F(PipelineTest, ANeededPluginThatWasRefusedFailsTheRun) {
  test::copy_fixture(plugins_, "fx_dup");  // fx_source is now a duplicate name
  RunResult r = run("batches = 1");
  EXPECT_EQ(r.status, "FAILED:PluginLoadError.Duplicate");
  EXPECT_EQ(journal(), "");  // nothing built, nothing called
}

TEST_F(PipelineTest, AFactoryRefusingItsConfigFailsBeforeAnyCall) {
  RunResult r = run("ctor_throw = yes");
  EXPECT_EQ(r.status, "FAILED:PluginConfigError");
  EXPECT_EQ(r.failure_point, "source 's' (plugin fx_source) create()");
  EXPECT_EQ(journal(), "");
}

TEST_F(PipelineTest, ConfigErrorsAreThrown) {
  std::ostringstream ini;
  ini << "[tecsync]\nplugin_path = " << plugins_.string() << "\n[pipeline.p]\nsource = s\nsink = k\n"
      << "[source.s]\nplugin = no_such_plugin\n[sink.k]\nplugin = fx_sink\n";
  test::write_file(tmp_ / "bad.conf", ini.str());
  Host host(config::load(tmp_ / "bad.conf"));
  EXPECT_THROW(host.run("p", cancel_), config::ConfigError);
  EXPECT_THROW(host.run("absent", cancel_), config::ConfigError);
}

TEST(PulseText, IsOneLineWhateverTheDetailHolds) {
  Status s = Status::failed(FailureArea::db, "DbConnectError",
                            "connection to server at \"127.0.0.1\", port 5\nfailed: Connection refused\n\tIs the "
                            "server running?\n");
  EXPECT_EQ(pulse::from_status(s).text,
            "❌ DB Error: DbConnectError: connection to server at \"127.0.0.1\", port 5 failed: Connection refused Is "
            "the server running?");
  EXPECT_EQ(pulse::warning("Location", " a\r\nb  ").text, "⚠️ Location: a b");
  EXPECT_EQ(obs::full_text({PulseLevel::error, "❌ x\ny"}, Strategy::flash, {}),
            "❌ x y · flash · 1970-01-01 00:00:00 UTC");
}

TEST(PulseText, CombineKeepsTheFirstInFullAndNamesTheOthers) {
  EXPECT_EQ(pulse::combine({}).text, "✅ Success");
  Pulse p = pulse::combine({pulse::warning("Unknown Column", "X in a.csv"), pulse::warning("Stock Text", "3 row(s)"),
                            pulse::warning("Absent Zeroed", "2")});
  EXPECT_EQ(p.level, PulseLevel::warning);
  EXPECT_EQ(p.text, "⚠️ Unknown Column: X in a.csv; also: Stock Text, Absent Zeroed");
  CycleSummary s;
  s.warnings_in = {pulse::warning("Plugins Refused", "1")};
  fold_cycle(s, {});
  EXPECT_EQ(s.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(s.pulse.text, "⚠️ Plugins Refused: 1");
  CycleSummary ok;
  fold_cycle(ok, {});
  EXPECT_EQ(ok.status, "OK");
  EXPECT_EQ(ok.pulse.text, "✅ Success");
}

// Deep cycles: ProductContent batches from fx_deep_source into fx_content_sink.
class DeepPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(plugins_);
    for (const char* p : {"fx_deep_source", "fx_transform", "fx_content_sink"}) test::copy_fixture(plugins_, p);
  }
  RunResult run(const std::string& source_keys, const std::string& batch_size = "4", bool transform = false) {
    std::ostringstream ini;
    ini << "[tecsync]\nplugin_path = " << plugins_.string() << "\nlog_level = warn\n"
        << "[pipeline.d]\nsource = s\n"
        << (transform ? "transforms = t\n" : "") << "sink = k\nstrategy = deep\nbatch_size = " << batch_size << "\n"
        << "[source.s]\nplugin = fx_deep_source\n"
        << source_keys << "\n"
        << "[transform.t]\nplugin = fx_transform\n"
        << "[sink.k]\nplugin = fx_content_sink\njournal = " << journal_.string() << "\n";
    test::write_file(tmp_ / "tecsync.conf", ini.str());
    Host host(config::load(tmp_ / "tecsync.conf"));
    return host.run("d", cancel_);
  }
  std::string journal() const { return test::read_file(journal_); }

  TempDir tmp_;
  std::filesystem::path plugins_ = tmp_ / "plugins";
  std::filesystem::path journal_ = tmp_ / "journal";
  obs::ManualCancellation cancel_;
};

TEST_F(DeepPipelineTest, ContentsReachTheSinkAndAreCounted) {
  RunResult r = run("batches = 2\ncontents = 3");
  EXPECT_EQ(r.status, "OK") << r.failure.detail;
  EXPECT_EQ(journal(), "begin deep\nwrite 0 3 0 0\nwrite 0 3 0 0\ncommit\n");
  EXPECT_EQ(count(r, "contents_read"), 6);
  EXPECT_EQ(count(r, "rows_read"), 6);
  EXPECT_EQ(count(r, "products_written"), 6);
  EXPECT_EQ(r.rows_written, 6);
  EXPECT_EQ(r.pulse_text.rfind("✅ Success · deep · ", 0), 0u) << r.pulse_text;
}

TEST_F(DeepPipelineTest, ContentsAndOffersTravelTogetherThroughTransforms) {
  RunResult r = run("batches = 1\noffers = 2\ncontents = 2", "4", true);
  EXPECT_EQ(r.status, "OK") << r.failure.detail;
  EXPECT_EQ(journal(), "begin deep\nwrite 2 2 0 0\ncommit\n");
  EXPECT_EQ(count(r, "contents_read"), 2);
  EXPECT_EQ(count(r, "rows_read"), 4);
}

TEST_F(DeepPipelineTest, AnOversizedBatchIsCutSoOffersPlusContentsFitTheBatchSize) {
  // One batch of 8 offers and 9 contents at batch_size 4: offers first, then contents.
  RunResult r = run("oversize = yes\nwarnings = 1", "4");
  EXPECT_EQ(r.status, "OK_WITH_WARNINGS") << r.failure.detail;
  EXPECT_EQ(journal(),
            "begin deep\nwrite 4 0 0 1\nwrite 4 0 0 0\nwrite 0 4 0 0\nwrite 0 4 0 0\nwrite 0 1 0 0\ncommit\n");
  EXPECT_EQ(count(r, "contents_read"), 9);
  EXPECT_EQ(count(r, "rows_read"), 18);  // 8 offers, 9 contents, 1 dropped repeat
}

TEST_F(DeepPipelineTest, ContentWarningsCountAsRowWarnings) {
  RunResult r = run("batches = 1\ncontents = 2\ncontent_warnings = 2");
  EXPECT_EQ(r.status, "OK_WITH_WARNINGS");
  EXPECT_EQ(count(r, "warnings"), 2);
  EXPECT_EQ(r.pulse.text, "⚠️ Row Issues: 0 reject(s), 2 warning(s)");
}

TEST_F(DeepPipelineTest, AnEmptyDeepFeedListsContentsReadAsZero) {
  RunResult r = run("batches = 0");
  EXPECT_EQ(r.status, "OK");
  EXPECT_EQ(count(r, "contents_read"), 0);
}

TEST(PipelineSpec, ReadsTransformsInOrderAndDefaults) {
  config::Config c = config::parse("[pipeline.x]\nsource = a\ntransforms = t1, t2 ,t3\nsink = z\n", "f",
                                   [](const std::string&) { return std::nullopt; });
  PipelineSpec s = read_pipeline(c, "x");
  EXPECT_EQ(s.transforms, (std::vector<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(s.batch_size, 5000u);
  EXPECT_EQ(s.strategy, Strategy::flash);
  config::Config bad = config::parse("[pipeline.x]\nsource = a\nsink = z\nstrategy = slow\n", "f",
                                     [](const std::string&) { return std::nullopt; });
  EXPECT_THROW(read_pipeline(bad, "x"), config::ConfigError);
}

}  // namespace
}  // namespace tecsync
