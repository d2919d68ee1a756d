// libfx_no_abi.so (026), libfx_no_factory.so and libfx_mangled.so (028):
// a source whose entry points are exported by hand instead of with the SDK's
// TECSYNC_SOURCE macro, leaving one of them out, as a pre-versioning SDK or a
// careless author would:
//   FX_NO_ABI      factory and info exported, no tecsync_abi_<major>_<minor> tag
//   FX_NO_FACTORY  ABI tag and info exported; the factory is compiled with
//                  hidden visibility and no alias, so it is not exported at all
//   FX_MANGLED     ABI tag and info exported; the factory is visible only under
//                  its C++ (mangled) name, without the `tecsync_create` alias
#include <tecsync/sdk.hpp>

#include "marker.hpp"

namespace {

class FxHandExported {
 public:
  explicit FxHandExported(const tecsync::HostServices&) { fx::write_marker(); }
  tecsync::Status read(tecsync::Strategy, tecsync::Emitter&) { return tecsync::Status::ok(); }
};

}  // namespace

namespace fx_entry {
inline constexpr tecsync::PluginInfo kInfo{FX_NAME, tecsync::PluginKind::source, "1.0.0", "case fixture"};
inline const tecsync::AbiVersion kAbiTag{};
inline tecsync::PluginInfo plugin_info() { return kInfo; }
#ifdef FX_MANGLED
__attribute__((visibility("default")))
#endif
tecsync::Status
tecsync_create(const tecsync::HostServices& host, tecsync::PluginInstance& out) noexcept {
  return tecsync::detail::create<tecsync::detail::SourceAdapter<FxHandExported, kInfo>>(kInfo, host, out.source);
}
}  // namespace fx_entry

#ifndef FX_NO_ABI
BOOST_DLL_ALIAS_SECTIONED(fx_entry::kAbiTag, TECSYNC_DETAIL_ABI_SYMBOL, tecsync)
#endif
BOOST_DLL_ALIAS_SECTIONED(fx_entry::plugin_info, tecsync_plugin_info, tecsync)
#if !defined(FX_NO_FACTORY) && !defined(FX_MANGLED)
BOOST_DLL_ALIAS_SECTIONED(fx_entry::tecsync_create, tecsync_create, tecsync)
#endif
