// `tecsync plugins` finds the three plugins of the build tree through plugin_path.

#include <gtest/gtest.h>

#include "support/fixture.hpp"
#include "support/tecsync_cli.hpp"

namespace tecsync::it {
namespace {

TEST(PluginsCli, ListsTheThreePlugins) {
  TempDir tmp("plugins");
  FlashConfig config;
  config.url = "http://127.0.0.1:9/v2/";
  config.dsn = "host=127.0.0.1 port=9 dbname=unused";
  const auto conf = write_flash_config(tmp.path(), "flash.conf", config);
  const auto r = run_tecsync({"plugins", "--config", conf.string()}, tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* name : {"air", "pricing", "odoo_sql"}) {
    EXPECT_NE(r.out.find(name), std::string::npos) << name << " missing from:\n" << r.describe();
  }
  for (const char* file : {"tecsync_air.so", "tecsync_pricing.so", "tecsync_odoo_sql.so"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(TECSYNC_IT_PLUGIN_DIR) / file)) << file;
  }
}

}  // namespace
}  // namespace tecsync::it
