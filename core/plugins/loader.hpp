#pragma once
/// @file
/// Finding and loading plugin shared objects with Boost.DLL.
///
/// For each `*.so` in the plugin directory, in name order, and from one thread:
///  1. refuse a world-writable file or directory (anyone could swap the code);
///  2. read the ELF section `tecsync` WITHOUT loading (`boost::dll::library_info`,
///     which reads `.symtab`; else `.dynsym` for a stripped file)
///     and refuse: a file that is not a library, one that exports no tecsync
///     symbol, no or another ABI (`tecsync_abi_<major>_<minor>`: other major, or
///     a newer minor than the host's), or no `tecsync_plugin_info`/`tecsync_create`;
///  3. only then `dlopen` it (`RTLD_NOW | RTLD_LOCAL`) and read its PluginInfo.
/// Names exported by two files refuse both. Nothing here calls a factory: a
/// refused plugin's code never builds an instance.
///
/// Refusal classes: `PluginLoadError.{Insecure,NotALibrary,AbiMismatch,
/// MissingSymbol,BadInfo,Duplicate}`; the reason always names the file.

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "config/keys.hpp"
#include "tecsync/abi.hpp"
#include "tecsync/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace tecsync::plugins {

/// The plugin directory itself is unusable (missing, not a directory, unreadable).
class PluginDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A plugin that passed every check. Copies share the library: it stays loaded
/// while any copy, or any instance built from it, lives.
struct LoadedPlugin {
  std::filesystem::path file;
  std::string name;  ///< PluginInfo name: the `plugin =` value in config
  PluginKind kind = PluginKind::source;
  std::string version;
  std::string description;
  AbiVersion abi;  ///< the ABI the plugin was built for
  /// `PluginInfo::keys`, copied: false when the plugin declares none (then its
  /// config sections are not validated).
  bool keys_declared = false;
  std::vector<config::KeySpec> keys;
  unsigned flags = 0;  ///< `PluginInfo::flags` (`kPluginDryRun`, …)
  std::shared_ptr<boost::dll::shared_library> library;
  PluginFactory* factory = nullptr;  ///< `tecsync_create`, inside `library`
};

/// A file that was not loaded, and why.
struct Refusal {
  std::filesystem::path file;
  std::string error_class;  ///< `PluginLoadError.*`
  std::string reason;       ///< one line naming the file (and both ABI versions for AbiMismatch)
  std::string name;         ///< plugin name when known (duplicates), else empty
};

/// Everything found in a plugin directory.
struct Catalog {
  std::filesystem::path dir;
  std::vector<LoadedPlugin> loaded;
  std::vector<Refusal> refused;
  /// The loaded plugin of that name, or nullptr.
  const LoadedPlugin* find(const std::string& name) const;
  /// A refusal naming that plugin, or of its file (`tecsync_<name>.so`,
  /// `lib<name>.so` or `<name>.so`: a refused file's name is all that is known
  /// when it was refused before loading), or nullptr.
  const Refusal* refusal_for(const std::string& name) const;
};

/// Inspects and loads one file (steps 1–3 above). Never throws for a bad file.
std::variant<LoadedPlugin, Refusal> load_file(const std::filesystem::path& file);

/// Loads every `*.so` in `dir` (not recursive), then refuses duplicate names.
/// Throws PluginDirError when `dir` cannot be listed.
Catalog scan(const std::filesystem::path& dir);

/// Objects built by a plugin's factory; each shares ownership of the library,
/// so the library is unloaded only after the last of them is destroyed.
struct Instance {
  std::shared_ptr<Source> source;
  std::shared_ptr<Transform> transform;
  std::shared_ptr<Sink> sink;
};

/// Calls the plugin's factory with `host` (which must outlive the instance).
/// Returns the factory's failure (usually `PluginConfigError`), or
/// `PluginRuntimeError` when it threw or built no object of its kind.
Status instantiate(const LoadedPlugin& plugin, const HostServices& host, Instance& out);

}  // namespace tecsync::plugins
