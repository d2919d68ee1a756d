// `tecsync odoo setup`: builds one sink instance from config and prints what
// its provision() reported. Fixture sinks: fx_content_sink (provision = ok |
// fail | throw) and fx_sink (no provision: Unsupported).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "test_util.hpp"

namespace tecsync::cli {
namespace {

class OdooSetupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(plugins_);
    for (const char* p : {"fx_source", "fx_sink", "fx_content_sink"}) test::copy_fixture(plugins_, p);
  }
  void write_config(const std::string& content_sink_keys) {
    test::write_file(conf_, "[tecsync]\nplugin_path = " + plugins_.string() +
                                "\nlog_level = error\n"
                                "[source.s]\nplugin = fx_source\n"
                                "[sink.plain]\nplugin = fx_sink\n"
                                "[sink.odoo_api]\nplugin = fx_content_sink\njournal = " +
                                journal_.string() + "\n" + content_sink_keys + "\n");
  }
  int call(std::vector<std::string> args) {
    out_.str("");
    err_.str("");
    std::vector<const char*> argv{"tecsync"};
    for (const auto& a : args) argv.push_back(a.c_str());
    return main(static_cast<int>(argv.size()), argv.data(), out_, err_);
  }
  int setup(const std::string& sink, bool json = false) {
    std::vector<std::string> args{"odoo", "setup", "--config", conf_.string(), "--sink", sink};
    if (json) args.push_back("--json");
    return call(args);
  }
  test::TempDir tmp_;
  std::filesystem::path plugins_ = tmp_ / "plugins";
  std::filesystem::path conf_ = tmp_ / "tecsync.conf";
  std::filesystem::path journal_ = tmp_ / "journal";
  std::ostringstream out_, err_;
};

TEST_F(OdooSetupTest, PrintsEachItemAndExitsZeroWhenAllIsWell) {
  write_config("");
  EXPECT_EQ(setup("odoo_api"), 0) << err_.str();
  EXPECT_EQ(out_.str(),
            "✅ created field x_fx_pulse on product.template\n"
            "✅ present location WH/Fixture\n"
            "setup: 2 ok, 0 failed (exit 0)\n");
  EXPECT_EQ(test::read_file(journal_), "provision\n");  // built once, nothing else called
}

TEST_F(OdooSetupTest, AFailedItemIsExitOneWithItsReason) {
  write_config("provision = fail");
  EXPECT_EQ(setup("odoo_api"), 1);
  EXPECT_NE(out_.str().find("❌ supplier partner Fixture Supplier — AccessError: fixture: not allowed"),
            std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find("setup: 2 ok, 1 failed (exit 1)"), std::string::npos) << out_.str();
}

TEST_F(OdooSetupTest, JsonListsItemsAndFailure) {
  write_config("provision = fail");
  EXPECT_EQ(setup("odoo_api", true), 1);
  auto j = nlohmann::json::parse(out_.str());
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["sink"], "odoo_api");
  EXPECT_EQ(j["plugin"], "fx_content_sink");
  ASSERT_EQ(j["items"].size(), 3u);
  EXPECT_EQ(j["items"][0]["status"], "ok");
  EXPECT_EQ(j["items"][2]["status"], "failed");
  EXPECT_EQ(j["items"][2]["class"], "AccessError");
  EXPECT_EQ(j["failure"]["class"], "AccessError");
}

TEST_F(OdooSetupTest, APluginThatThrowsIsExitOneNotACrash) {
  write_config("provision = throw");
  EXPECT_EQ(setup("odoo_api"), 1);
  EXPECT_NE(out_.str().find("❌ sink odoo_api (plugin fx_content_sink): PluginRuntimeError"), std::string::npos)
      << out_.str();
}

TEST_F(OdooSetupTest, ASinkWithNothingToSetUpIsAConfigError) {
  write_config("");
  EXPECT_EQ(setup("plain"), 2);
  EXPECT_NE(out_.str().find("Unsupported"), std::string::npos) << out_.str();
}

TEST_F(OdooSetupTest, UsageAndConfigErrorsAreExitTwo) {
  write_config("");
  EXPECT_EQ(setup("nowhere"), 2);
  EXPECT_NE(err_.str().find("no sink 'nowhere'"), std::string::npos) << err_.str();
  EXPECT_EQ(call({"odoo", "setup", "--config", conf_.string()}), 2);  // --sink missing
  EXPECT_NE(err_.str().find("--sink NAME is required"), std::string::npos);
  EXPECT_EQ(call({"odoo", "frobnicate"}), 2);
  EXPECT_EQ(call({"odoo", "setup", "--help"}), 0);
  EXPECT_NE(out_.str().find("Usage: tecsync odoo setup"), std::string::npos);
  test::write_file(conf_, "[tecsync]\nplugin_path = " + plugins_.string() +
                              "\n[sink.odoo_api]\nplugin = fx_source\n");  // not a sink
  EXPECT_EQ(setup("odoo_api"), 2);
  EXPECT_NE(err_.str().find("not a sink"), std::string::npos) << err_.str();
}

}  // namespace
}  // namespace tecsync::cli
