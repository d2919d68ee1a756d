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
/// History: 1.0 first release; 1.1 adds `HttpClient::fetch_restarting` (a
/// virtual appended at the end, so 1.0 plugins keep working on a 1.1 host).

#define TECSYNC_ABI_MAJOR 1
#define TECSYNC_ABI_MINOR 1

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
