// libfx_old_major.so / libfx_new_minor.so (case 026): a correct source, built
// with the SDK's own TECSYNC_SOURCE macro, but against another SDK release:
// the build puts a copy of tecsync/abi.hpp that says FX_ABI_MAJOR.FX_ABI_MINOR
// ahead of the installed one (see CMakeLists.txt), which is exactly what an
// older or newer SDK package would give the plugin author.
#include <tecsync/sdk.hpp>

#include "marker.hpp"

static_assert(TECSYNC_ABI_MAJOR == FX_ABI_MAJOR && TECSYNC_ABI_MINOR == FX_ABI_MINOR,
              "the other SDK release's abi.hpp must shadow the installed one");

#if FX_USES_NEWER_HOST_API
// What SDK 1.<minor+1> would add: a function the newer host exports. A host of
// the current minor does not have it, so a lazily bound dlopen would succeed
// and the first call would die with "undefined symbol"; an eager one fails at
// load. The host must refuse the plugin on its ABI tag before either happens.
extern "C" int tecsync_host_offer_hint_v2(const char* sku);
#endif

namespace {

class FxAbiSource {
 public:
  explicit FxAbiSource(const tecsync::HostServices&) { fx::write_marker(); }
  tecsync::Status read(tecsync::Strategy, tecsync::Emitter&) {
#if FX_USES_NEWER_HOST_API
    if (tecsync_host_offer_hint_v2("FX-1") != 0)
      return tecsync::Status::failed(tecsync::FailureArea::plugin, "FxError", "hint refused");
#endif
    return tecsync::Status::ok();
  }
};

}  // namespace

TECSYNC_SOURCE(FxAbiSource, FX_NAME, "1.0.0", "case fixture: built against another SDK release")
