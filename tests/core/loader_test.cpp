// Plugin loading with real fixture shared objects: every refusal class, and
// that a refused plugin's factory never ran.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "plugins/loader.hpp"
#include "tecsync/abi.hpp"
#include "test_util.hpp"

namespace {
// The host's ABI as its messages print it ("1.1").
std::string host_abi() { return std::to_string(TECSYNC_ABI_MAJOR) + "." + std::to_string(TECSYNC_ABI_MINOR); }
}  // namespace

namespace tecsync::plugins {
namespace {

using test::TempDir;

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(markers_);
    setenv("TECSYNC_TEST_MARKERS", markers_.c_str(), 1);
  }
  void TearDown() override { unsetenv("TECSYNC_TEST_MARKERS"); }
  bool marker(const std::string& name) const { return std::filesystem::exists(markers_ / (name + ".created")); }
  const Refusal* refusal(const Catalog& c, const std::string& file) const {
    for (const auto& r : c.refused)
      if (r.file.filename() == file) return &r;
    return nullptr;
  }

  TempDir tmp_;
  std::filesystem::path plugins_ = tmp_.path();
  std::filesystem::path markers_ = tmp_.path() / "markers";
};

TEST_F(LoaderTest, RefusesEachBadFileWithItsClassAndStillLoadsTheGoodOne) {
  for (const char* name :
       {"fx_source", "fx_old_major", "fx_new_minor", "fx_no_abi", "fx_no_factory", "fx_mangled", "fx_empty"})
    test::copy_fixture(plugins_, name);
  test::write_file(plugins_ / "zero.so", "");
  test::write_file(plugins_ / "not_a_plugin.so", "this is not a shared object\n");
  test::write_file(plugins_ / "README.txt", "ignored: not *.so");

  Catalog c = scan(plugins_);
  ASSERT_EQ(c.loaded.size(), 1u);
  EXPECT_EQ(c.loaded[0].name, "fx_source");
  EXPECT_EQ(c.loaded[0].kind, PluginKind::source);
  EXPECT_EQ(c.loaded[0].version, "0.0.1");
  EXPECT_EQ(c.loaded[0].abi.major, 1);
  EXPECT_EQ(c.refused.size(), 8u);

  const Refusal* old_major = refusal(c, "tecsync_fx_old_major.so");
  ASSERT_NE(old_major, nullptr);
  EXPECT_EQ(old_major->error_class, "PluginLoadError.AbiMismatch");
  EXPECT_NE(old_major->reason.find((plugins_ / "tecsync_fx_old_major.so").string()), std::string::npos);
  EXPECT_NE(old_major->reason.find("was built for tecsync ABI 0.9; this host speaks " + host_abi() +
                                   " (needs major 1, minor ≤ " + std::to_string(TECSYNC_ABI_MINOR) + ")"),
            std::string::npos)
      << old_major->reason;
  EXPECT_NE(old_major->reason.find("rebuild against tecsync SDK 1"), std::string::npos);

  const Refusal* new_minor = refusal(c, "tecsync_fx_new_minor.so");
  ASSERT_NE(new_minor, nullptr);
  EXPECT_EQ(new_minor->error_class, "PluginLoadError.AbiMismatch");
  EXPECT_NE(new_minor->reason.find("ABI 1.7; this host speaks " + host_abi()), std::string::npos) << new_minor->reason;
  EXPECT_NE(new_minor->reason.find("upgrade tecsync"), std::string::npos);

  const Refusal* no_abi = refusal(c, "tecsync_fx_no_abi.so");
  ASSERT_NE(no_abi, nullptr);
  EXPECT_EQ(no_abi->error_class, "PluginLoadError.AbiMismatch");
  EXPECT_NE(no_abi->reason.find("no ABI version exported"), std::string::npos) << no_abi->reason;
  EXPECT_NE(no_abi->reason.find(host_abi()), std::string::npos);

  const Refusal* no_factory = refusal(c, "tecsync_fx_no_factory.so");
  ASSERT_NE(no_factory, nullptr);
  EXPECT_EQ(no_factory->error_class, "PluginLoadError.MissingSymbol");
  EXPECT_NE(no_factory->reason.find("tecsync_create"), std::string::npos) << no_factory->reason;

  const Refusal* mangled = refusal(c, "tecsync_fx_mangled.so");
  ASSERT_NE(mangled, nullptr);
  EXPECT_EQ(mangled->error_class, "PluginLoadError.MissingSymbol");
  EXPECT_NE(mangled->reason.find("similar name"), std::string::npos) << mangled->reason;

  const Refusal* empty = refusal(c, "tecsync_fx_empty.so");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->error_class, "PluginLoadError.MissingSymbol");
  EXPECT_NE(empty->reason.find("not a tecsync plugin"), std::string::npos) << empty->reason;

  for (const char* f : {"zero.so", "not_a_plugin.so"}) {
    const Refusal* r = refusal(c, f);
    ASSERT_NE(r, nullptr) << f;
    EXPECT_EQ(r->error_class, "PluginLoadError.NotALibrary") << f;
    EXPECT_NE(r->reason.find((plugins_ / f).string()), std::string::npos) << r->reason;
  }

  // Nothing was instantiated by scanning; a refused plugin's code never built anything.
  for (const char* name : {"fx_source", "fx_old_major", "fx_new_minor", "fx_no_abi", "fx_no_factory", "fx_mangled"})
    EXPECT_FALSE(marker(name)) << name;

  test::Services svc;
  HostServices host = svc.host();
  Instance inst;
  ASSERT_TRUE(instantiate(c.loaded[0], host, inst).is_ok());
  EXPECT_TRUE(inst.source);
  EXPECT_TRUE(marker("fx_source"));
  for (const char* name : {"fx_old_major", "fx_new_minor", "fx_no_abi", "fx_no_factory", "fx_mangled"})
    EXPECT_FALSE(marker(name)) << name;
}

TEST_F(LoaderTest, RefusesBothFilesOfADuplicateName) {
  test::copy_fixture(plugins_, "fx_source");
  test::copy_fixture(plugins_, "fx_dup");
  test::copy_fixture(plugins_, "fx_sink");
  Catalog c = scan(plugins_);
  ASSERT_EQ(c.loaded.size(), 1u);
  EXPECT_EQ(c.loaded[0].name, "fx_sink");
  ASSERT_EQ(c.refused.size(), 2u);
  for (const Refusal& r : c.refused) {
    EXPECT_EQ(r.error_class, "PluginLoadError.Duplicate");
    EXPECT_NE(r.reason.find("tecsync_fx_source.so"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("tecsync_fx_dup.so"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("'fx_source'"), std::string::npos) << r.reason;
  }
  EXPECT_NE(c.refusal_for("fx_source"), nullptr);
  EXPECT_FALSE(marker("fx_source"));
}

TEST_F(LoaderTest, RefusesAWorldWritableDirectoryBeforeLoading) {
  std::filesystem::path open_dir = tmp_.path() / "open";
  std::filesystem::create_directory(open_dir);
  test::copy_fixture(open_dir, "fx_source");
  ASSERT_EQ(::chmod(open_dir.c_str(), 0777), 0);
  Catalog c = scan(open_dir);
  EXPECT_TRUE(c.loaded.empty());
  ASSERT_EQ(c.refused.size(), 1u);
  EXPECT_EQ(c.refused[0].error_class, "PluginLoadError.Insecure");
  EXPECT_NE(c.refused[0].reason.find("world-writable"), std::string::npos);
  EXPECT_NE(c.refused[0].reason.find("tecsync_fx_source.so"), std::string::npos);
  // Not even dlopen'ed.
  EXPECT_EQ(dlopen((open_dir / "tecsync_fx_source.so").c_str(), RTLD_NOW | RTLD_NOLOAD), nullptr);
}

TEST_F(LoaderTest, RefusesAWorldWritableFile) {
  test::copy_fixture(plugins_, "fx_source");
  ASSERT_EQ(::chmod((plugins_ / "tecsync_fx_source.so").c_str(), 0666), 0);
  Catalog c = scan(plugins_);
  ASSERT_EQ(c.refused.size(), 1u);
  EXPECT_EQ(c.refused[0].error_class, "PluginLoadError.Insecure");
}

TEST_F(LoaderTest, MissingDirectoryIsAnError) { EXPECT_THROW(scan(tmp_.path() / "absent"), PluginDirError); }

TEST_F(LoaderTest, InstancesKeepTheLibraryLoadedAfterTheCatalogIsGone) {
  test::copy_fixture(plugins_, "fx_source");
  std::string so = (plugins_ / "tecsync_fx_source.so").string();
  test::Services svc;
  svc.config.put("batches", 0);
  HostServices host = svc.host();
  Instance inst;
  {
    Catalog c = scan(plugins_);
    ASSERT_EQ(c.loaded.size(), 1u);
    ASSERT_TRUE(instantiate(c.loaded[0], host, inst).is_ok());
  }
  void* still = dlopen(so.c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(still, nullptr) << "library unloaded while an instance lives";
  dlclose(still);

  struct NullEmitter final : Emitter {
    Status facts(const StreamFacts&) noexcept override { return Status::ok(); }
    Status emit(OfferBatch&&) noexcept override { return Status::ok(); }
    std::size_t batch_size() const noexcept override { return 10; }
  } emitter;
  EXPECT_TRUE(inst.source->read(Strategy::flash, emitter).is_ok());
  inst = Instance{};
  EXPECT_EQ(dlopen(so.c_str(), RTLD_NOW | RTLD_NOLOAD), nullptr) << "library still loaded after the last instance";
}

TEST_F(LoaderTest, FactoryFailureComesBackAsStatus) {
  test::copy_fixture(plugins_, "fx_source");
  Catalog c = scan(plugins_);
  test::Services svc;
  svc.config.put("ctor_throw", "yes");
  HostServices host = svc.host();
  Instance inst;
  Status s = instantiate(c.loaded[0], host, inst);
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.error_class, "PluginConfigError");
  EXPECT_NE(s.detail.find("fixture: key ctor_throw says no"), std::string::npos) << s.detail;
  EXPECT_FALSE(inst.source);
}

}  // namespace
}  // namespace tecsync::plugins
