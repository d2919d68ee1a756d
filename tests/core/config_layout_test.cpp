// The configuration layout (main file + conf.d merged, file:line per key) and
// validation against declared keys (unknown keys/sections, types, required,
// did-you-mean, literal secrets in world-readable files).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "config/config.hpp"
#include "config/validate.hpp"
#include "test_util.hpp"

namespace tecsync::config {
namespace {

std::optional<std::string> no_env(const std::string&) { return std::nullopt; }

// A fake plugin catalog: a declared transform `pricing` and an undeclared source `fx`.
struct FakePlugins {
  PluginSchema pricing{"pricing", PluginKind::transform, true, {}};
  PluginSchema sink{"odoo_sql", PluginKind::sink, true, {}};
  PluginSchema fx{"fx", PluginKind::source, false, {}};
  FakePlugins() {
    static constexpr ConfigKey kPricing[] = {
        {"margin_percent", KeyType::decimal, "0", "margin"},
        {"rate", KeyType::choice, "air", "rate", "air|odoo"},
        {"odoo_rate_ttl", KeyType::integer, "60", "ttl"},
    };
    static constexpr ConfigKey kSink[] = {
        {"dsn", KeyType::dsn, nullptr, "db"},
        {"location.*", KeyType::string, nullptr, "locations"},
        {"lock_timeout", KeyType::seconds, "5", "lock"},
    };
    pricing.keys = to_specs(kPricing);
    sink.keys = to_specs(kSink);
  }
  PluginLookup lookup() const {
    PluginLookup l;
    l.find = [this](const std::string& n) -> const PluginSchema* {
      if (n == "pricing") return &pricing;
      if (n == "odoo_sql") return &sink;
      if (n == "fx") return &fx;
      return nullptr;
    };
    l.refused = [](const std::string& n) { return n == "broken"; };
    l.dir = "/plugins";
    l.loaded = {"pricing", "odoo_sql", "fx"};
    return l;
  }
};

constexpr const char* kMain = R"([tecsync]
plugin_path = /plugins

[pipeline.p]
source = s
transforms = t
sink = k
)";

constexpr const char* kSupplier = R"(; one supplier
[source.s]
plugin = fx
anything = goes

[transform.t]
plugin = pricing
margin_percent = 30

[sink.k]
plugin = odoo_sql
dsn = host=127.0.0.1 dbname=odoo
location.S_CBA = WH/Stock
)";

class Layout : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "conf.d");
    test::write_file(dir_ / "tecsync.conf", kMain);
    test::write_file(dir_ / "conf.d" / "50-supplier.conf", kSupplier);
  }
  Validation validated() { return validate(load(dir_ / "tecsync.conf", no_env), plugins_.lookup()); }
  test::TempDir tmp_;
  std::filesystem::path dir_ = tmp_.path();
  FakePlugins plugins_;
};

TEST_F(Layout, ConfDIsMergedInNameOrderWithTheLineOfEveryKey) {
  test::write_file(dir_ / "conf.d" / "10-extra.conf", "[pipeline.q]\nsource = s\nsink = k\n");
  test::write_file(dir_ / "conf.d" / "x.conf.dpkg-old", "[broken\n");  // not *.conf: ignored
  test::write_file(dir_ / "conf.d" / ".hidden.conf", "[broken\n");
  Config c = load(dir_ / "tecsync.conf", no_env);
  ASSERT_EQ(c.files.size(), 3u);
  EXPECT_EQ(c.files[1].filename(), "10-extra.conf");
  EXPECT_EQ(c.files[2].filename(), "50-supplier.conf");
  EXPECT_EQ(c.get("transform.t", "margin_percent"), "30");
  EXPECT_EQ(c.get("sink.k", "location.S_CBA"), "WH/Stock");
  EXPECT_EQ(c.where("transform.t", "margin_percent"), (dir_ / "conf.d" / "50-supplier.conf").string() + ":8");
  EXPECT_EQ(c.where("pipeline.p", "sink"), (dir_ / "tecsync.conf").string() + ":7");
  EXPECT_TRUE(validated().ok()) << validated().errors_text();
}

TEST_F(Layout, SameSectionInTwoFilesMergesKeys) {
  test::write_file(dir_ / "conf.d" / "90-site.conf", "[sink.k]\nlock_timeout = 9\n");
  Config c = load(dir_ / "tecsync.conf", no_env);
  EXPECT_EQ(c.get("sink.k", "lock_timeout"), "9");
  EXPECT_EQ(c.get("sink.k", "dsn"), "host=127.0.0.1 dbname=odoo");
}

TEST_F(Layout, SameKeyTwiceIsAnErrorNamingBothPlaces) {
  test::write_file(dir_ / "conf.d" / "90-site.conf", "\n[transform.t]\nmargin_percent = 40\n");
  try {
    load(dir_ / "tecsync.conf", no_env);
    FAIL() << "a key set twice must not silently win";
  } catch (const ConfigError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("90-site.conf:3"), std::string::npos) << m;
    EXPECT_NE(m.find("50-supplier.conf:8"), std::string::npos) << m;
    EXPECT_NE(m.find("margin_percent"), std::string::npos) << m;
  }
  EXPECT_THROW(parse("[a]\nk = 1\nk = 2\n", "one.conf", no_env), ConfigError);
}

TEST_F(Layout, DefaultConfigPathFollowsTheEnvironment) {
  EXPECT_EQ(default_config_path(no_env), "/etc/tecsync/tecsync.conf");
  auto env = [](const std::string& n) -> std::optional<std::string> {
    return n == "TECSYNC_CONFIG" ? std::optional<std::string>("/srv/t.conf") : std::nullopt;
  };
  EXPECT_EQ(default_config_path(env), "/srv/t.conf");
}

TEST_F(Layout, MisspelledKeyNamesFileLineKeyAndSuggestion) {
  test::write_file(dir_ / "conf.d" / "50-supplier.conf",
                   std::string(kSupplier).replace(std::string(kSupplier).find("margin_percent"), 14, "margn_percent"));
  Validation v = validated();
  ASSERT_EQ(v.errors.size(), 1u) << v.errors_text();
  EXPECT_EQ(v.errors[0].text(), (dir_ / "conf.d" / "50-supplier.conf").string() +
                                    ":8: unknown key 'margn_percent' in [transform.t] (plugin pricing); did you mean "
                                    "'margin_percent'?");
}

TEST_F(Layout, MisspelledHostKeyInTheMainFile) {
  test::write_file(dir_ / "tecsync.conf", std::string(kMain) + "batch_sise = 10\n");
  Validation v = validated();
  ASSERT_EQ(v.errors.size(), 1u) << v.errors_text();
  EXPECT_NE(v.errors[0].text().find("tecsync.conf:8: unknown key 'batch_sise' in [pipeline.p]; did you mean "
                                    "'batch_size'?"),
            std::string::npos)
      << v.errors[0].text();
}

TEST_F(Layout, TypesRequiredFamiliesSectionsAndReferences) {
  test::write_file(dir_ / "conf.d" / "60-bad.conf",
                   "[transform.u]\nplugin = pricing\nmargin_percent = 30,5\nrate = ebay\nodoo_rate_ttl = 1.5\n"
                   "[sink.m]\nplugin = odoo_sql\ndsn = host=x dbnam=odoo\nlock_timeout = -1\n"
                   "[sorce.x]\nplugin = fx\n"
                   "[pipeline.r]\nsource = nosuch\nsink = k\nstrategy = slow\n");
  Validation v = validated();
  std::string all = v.errors_text();
  EXPECT_NE(all.find("60-bad.conf:3: [transform.u] margin_percent (plugin pricing): expected a decimal"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("60-bad.conf:4: [transform.u] rate (plugin pricing): expected one of air, odoo"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("60-bad.conf:5: [transform.u] odoo_rate_ttl"), std::string::npos) << all;
  EXPECT_NE(all.find("did you mean 'dbname'?"), std::string::npos) << all;
  EXPECT_NE(all.find("60-bad.conf:9: [sink.m] lock_timeout"), std::string::npos) << all;
  EXPECT_NE(all.find("required key 'location.<NAME>' is missing"), std::string::npos) << all;
  EXPECT_NE(all.find("60-bad.conf:10: unknown section [sorce.x]"), std::string::npos) << all;
  EXPECT_NE(all.find("did you mean [source.x]?"), std::string::npos) << all;
  EXPECT_NE(all.find("60-bad.conf:13: [pipeline.r] source: no section [source.nosuch]"), std::string::npos) << all;
  EXPECT_NE(all.find("60-bad.conf:15: [pipeline.r] strategy: expected one of flash, deep"), std::string::npos) << all;
  EXPECT_EQ(v.errors.size(), 9u) << all;
}

TEST_F(Layout, UndeclaredAndRefusedPluginsAreNotValidatedButSaid) {
  Validation v = validated();
  ASSERT_TRUE(v.ok()) << v.errors_text();
  ASSERT_EQ(v.notes.size(), 1u);
  EXPECT_NE(v.notes[0].find("[source.s] (plugin fx): the plugin declares no keys, not validated"), std::string::npos);
  Config c = parse("[source.a]\nplugin = broken\nx = 1\n[source.b]\nplugin = pricng\n", "f.conf", no_env);
  Validation w = validate(c, plugins_.lookup());
  ASSERT_EQ(w.errors.size(), 1u) << w.errors_text();  // the refused plugin's section is a note, not an error
  ASSERT_EQ(w.notes.size(), 1u);
  EXPECT_NE(w.notes[0].find("[source.a] (plugin broken): the plugin was refused"), std::string::npos) << w.notes[0];
  EXPECT_NE(w.errors_text().find("f.conf:5: [source.b] plugin: no plugin named 'pricng'"), std::string::npos)
      << w.errors_text();
  EXPECT_NE(w.errors_text().find("did you mean 'pricing'?"), std::string::npos) << w.errors_text();
}

TEST_F(Layout, LiteralPasswordInAWorldReadableFileIsAWarningThatNeverShowsIt) {
  test::write_file(
      dir_ / "conf.d" / "50-supplier.conf",
      std::string(kSupplier).replace(std::string(kSupplier).find("dbname=odoo"), 11, "dbname=odoo password=hunter2"));
  ::chmod((dir_ / "conf.d" / "50-supplier.conf").c_str(), 0644);
  Validation v = validated();
  ASSERT_TRUE(v.ok()) << v.errors_text();
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].text().find("50-supplier.conf:12: [sink.k] dsn holds a literal password"), std::string::npos)
      << v.warnings[0].text();
  EXPECT_EQ(v.warnings[0].text().find("hunter2"), std::string::npos);
  ::chmod((dir_ / "conf.d" / "50-supplier.conf").c_str(), 0640);
  EXPECT_TRUE(validated().warnings.empty());
  EXPECT_FALSE(literal_secret(KeyType::dsn, "host=x password=${PW}"));
  EXPECT_TRUE(literal_secret(KeyType::dsn, "postgresql://u:pw@h/db"));
  EXPECT_FALSE(literal_secret(KeyType::secret, "${AIR_PASSWORD}"));
  EXPECT_TRUE(literal_secret(KeyType::secret, "s3cret"));
}

TEST(ConfigKeys, ValueChecksAndSuggestions) {
  KeySpec b{"b", KeyType::boolean, "true", "", {}};
  EXPECT_FALSE(check_value(b, "yes"));
  EXPECT_TRUE(check_value(b, "maybe"));
  KeySpec u{"u", KeyType::url, "", "", {}};
  EXPECT_FALSE(check_value(u, "https://x/v2/"));
  EXPECT_TRUE(check_value(u, "ftp://x"));
  KeySpec d{"d", KeyType::dsn, "", "", {}};
  EXPECT_FALSE(check_value(d, "host=a port=5432 password='a b'"));
  auto bad = check_value(d, "host=a password=se cret");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->find("cret"), std::string::npos) << "a dsn problem must not quote the password: " << *bad;
  EXPECT_EQ(suggest("margn_percent", {"margin_percent", "rate"}), "margin_percent");
  EXPECT_EQ(suggest("zzz", {"margin_percent", "rate"}), "");
}

}  // namespace
}  // namespace tecsync::config
