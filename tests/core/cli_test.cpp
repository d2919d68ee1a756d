// The `tecsync` command line: output formats and exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "tecsync/abi.hpp"
#include "test_util.hpp"

namespace tecsync::cli {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(plugins_);
    for (const char* p : {"fx_source", "fx_sink"}) test::copy_fixture(plugins_, p);
  }
  void write_config(const std::string& source_keys) {
    test::write_file(conf_, "[tecsync]\nplugin_path = " + plugins_.string() +
                                "\nlog_level = error\n[pipeline.p]\nsource = s\nsink = k\n"
                                "[source.s]\nplugin = fx_source\n" +
                                source_keys + "\n[sink.k]\nplugin = fx_sink\n");
  }
  int call(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    std::vector<const char*> argv{"tecsync"};
    for (const auto& a : args) argv.push_back(a.c_str());
    return main(static_cast<int>(argv.size()), argv.data(), out_, err_);
  }
  test::TempDir tmp_;
  std::filesystem::path plugins_ = tmp_ / "plugins";
  std::filesystem::path conf_ = tmp_ / "tecsync.conf";
  std::ostringstream out_, err_;
};

TEST_F(CliTest, RunPrintsStatusPulseCountsRowsAndSeconds) {
  write_config("batches = 2\nrows = 3");
  EXPECT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "p"}), 0);
  std::string o = out_.str();
  EXPECT_EQ(o.rfind("status: OK\npulse: ✅ Success · flash · ", 0), 0u) << o;
  EXPECT_NE(o.find("\noffers_staged: 6\nprices_changed: 6\nrows_read: 6\nrejects: 0\n"), std::string::npos) << o;
  EXPECT_NE(o.find("\nrows_written: 6\nseconds: "), std::string::npos) << o;
  EXPECT_EQ(o.find("failure:"), std::string::npos);
}

TEST_F(CliTest, RunJsonIsOneObject) {
  write_config("batches = 2\nrows = 3\nfail_after = 1");
  EXPECT_EQ(call({"run", "--config=" + conf_.string(), "--pipeline=p", "--json"}), 1);
  auto j = nlohmann::json::parse(out_.str());
  EXPECT_EQ(j["status"], "FAILED:FeedFormatError");
  EXPECT_EQ(j["pulse"].get<std::string>().rfind("❌ Feed Error: FeedFormatError: ", 0), 0u);
  EXPECT_EQ(j["counts"]["rows_read"], 3);
  EXPECT_EQ(j["rows_written"], 0);
  EXPECT_TRUE(j["seconds"].is_number());
  EXPECT_EQ(j["failure"]["class"], "FeedFormatError");
  EXPECT_EQ(j["failure"]["at"], "source 's' (plugin fx_source) read()");
}

TEST_F(CliTest, ExitCodes) {
  write_config("skip = yes");
  EXPECT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "p"}), 75);
  EXPECT_NE(out_.str().find("status: SKIPPED:DbLockTimeout"), std::string::npos);
  EXPECT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "nope"}), 2);
  EXPECT_NE(err_.str().find("no pipeline 'nope'"), std::string::npos) << err_.str();
  EXPECT_EQ(call({"run", "--config", (tmp_ / "absent.conf").string(), "--pipeline", "p"}), 2);
  EXPECT_EQ(call({"run", "--pipeline", "p"}), 2);
  EXPECT_EQ(call({"frobnicate"}), 2);
  EXPECT_EQ(call({}), 2);
  write_config("ctor_throw = yes");
  EXPECT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "p"}), 2);  // PluginConfigError
}

TEST_F(CliTest, VersionAndHelp) {
  EXPECT_EQ(call({"--version"}), 0);
  EXPECT_EQ(out_.str(), std::string("tecsync ") + TECSYNC_VERSION_FOR_TEST + " (plugin ABI " +
                            std::to_string(TECSYNC_ABI_MAJOR) + "." + std::to_string(TECSYNC_ABI_MINOR) + ")\n");
  EXPECT_EQ(call({"--help"}), 0);
  EXPECT_NE(out_.str().find("tecsync run [--config FILE] --pipeline NAME"), std::string::npos);
  EXPECT_EQ(call({"run", "--help"}), 0);
  EXPECT_NE(out_.str().find("--json"), std::string::npos);
}

TEST_F(CliTest, PluginsListsLoadedAndRefused) {
  test::copy_fixture(plugins_, "fx_old_major");
  write_config("");
  EXPECT_EQ(call({"plugins", "--config", conf_.string()}), 1);
  std::string o = out_.str();
  const std::string abi = std::to_string(TECSYNC_ABI_MAJOR) + "." + std::to_string(TECSYNC_ABI_MINOR);
  EXPECT_NE(o.find("loaded  fx_source source 0.0.1 ABI " + abi + " " + (plugins_ / "tecsync_fx_source.so").string()),
            std::string::npos)
      << o;
  EXPECT_NE(o.find("loaded  fx_sink sink 0.0.1 ABI " + abi), std::string::npos) << o;
  EXPECT_NE(
      o.find("refused " + (plugins_ / "tecsync_fx_old_major.so").string() + " PluginLoadError.AbiMismatch: plugin "),
      std::string::npos)
      << o;
  std::filesystem::remove(plugins_ / "tecsync_fx_old_major.so");
  EXPECT_EQ(call({"plugins", "--plugin-path", plugins_.string()}), 0);
}

TEST_F(CliTest, PluginsNeedsNoSecrets) {
  // A sink's dsn names a variable that is not set: listing plugins does not need it.
  test::write_file(conf_, "[tecsync]\nplugin_path = " + plugins_.string() +
                              "\n[sink.k]\nplugin = fx_sink\ndsn = password=${TECSYNC_TEST_SURELY_UNSET_VAR}\n");
  ASSERT_EQ(std::getenv("TECSYNC_TEST_SURELY_UNSET_VAR"), nullptr);
  EXPECT_EQ(call({"plugins", "--config", conf_.string()}), 0) << err_.str();
  EXPECT_NE(out_.str().find("loaded  fx_sink"), std::string::npos) << out_.str();
  // `run` still refuses it, naming the variable.
  EXPECT_EQ(call({"run", "--config", conf_.string(), "--pipeline", "p"}), 2);
  EXPECT_NE(err_.str().find("TECSYNC_TEST_SURELY_UNSET_VAR is not set"), std::string::npos) << err_.str();
}

TEST_F(CliTest, HelpStatesTheExitCodeRule) {
  EXPECT_EQ(call({"--help"}), 0);
  const std::string h = out_.str();
  EXPECT_NE(h.find("1   FAILED at run time"), std::string::npos) << h;
  EXPECT_NE(h.find("TargetCheckError"), std::string::npos) << h;
  EXPECT_NE(h.find("PluginConfigError"), std::string::npos) << h;
}

}  // namespace
}  // namespace tecsync::cli
