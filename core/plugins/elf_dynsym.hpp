#pragma once
/// @file
/// The names a shared object exports from one section, read from its dynamic
/// symbol table (.dynsym) without loading it.
///
/// Why: Boost.DLL 1.74's `library_info::symbols()` reads only .symtab, which
/// `strip` removes; .dynsym (what the dynamic linker uses) always stays. The
/// loader asks this when library_info lists nothing, so a fully stripped
/// plugin still shows its `tecsync_abi_*`, `tecsync_plugin_info` and
/// `tecsync_create` before any dlopen.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tecsync::plugins {

/// Defined symbols of `.dynsym` whose section is `section` (by name), in table
/// order. nullopt when the file is not a readable ELF file of this machine's
/// byte order, or a table or offset points outside the file (every offset is
/// checked; nothing is trusted). ELF32 and ELF64. Reads at most 64 MiB.
std::optional<std::vector<std::string>> dynamic_symbols_in_section(const std::filesystem::path& file,
                                                                   const std::string& section);

}  // namespace tecsync::plugins
