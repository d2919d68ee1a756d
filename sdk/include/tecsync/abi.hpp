#pragma once
/// @file
/// The plugin ABI version.
///
/// A plugin records the SDK version it was built against as an exported symbol
/// `tecsync_abi_<major>_<minor>` in the ELF section `tecsync`. The host reads the
/// section table (Boost.DLL `library_info`) *before* loading the file and refuses:
///  * another major version (types or virtual tables changed shape), and
///  * a newer minor than its own (the plugin may rely on host services the host lacks).
/// An older minor of the same major loads.
///
/// From the first release on, a minor bump may only append: a virtual at the end
/// of a host-implemented interface (`HttpClient`), a member at the end of a struct
/// the host allocates (`HostServices`, `CycleSummary`). Any other change to a
/// record both sides allocate (`Offer`, `OfferBatch`) is a major bump.
///
/// History: 1.0 is the first release (nothing was released before it, so the
/// layout changes made while it was developed did not bump the version).

#define TECSYNC_ABI_MAJOR 1
#define TECSYNC_ABI_MINOR 0

/// Name of the ELF section that holds every tecsync entry symbol.
#define TECSYNC_SECTION tecsync

namespace tecsync {

/// The ABI this SDK describes, as `major.minor`.
struct AbiVersion {
  int major = TECSYNC_ABI_MAJOR;
  int minor = TECSYNC_ABI_MINOR;
};

inline constexpr AbiVersion kAbi{};

}  // namespace tecsync
