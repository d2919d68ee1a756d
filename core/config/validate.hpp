#pragma once
/// @file
/// Validation of a loaded configuration against the declared keys: the host's
/// own (`host_keys.hpp`) and each plugin's (`PluginInfo::keys`). Run by
/// `tecsync check` over every section and by `tecsync run` over the sections its
/// pipeline uses, before any plugin instance is built.
///
/// Sections allowed: `[tecsync]`, `[pipeline.NAME]`, `[source.NAME]`,
/// `[transform.NAME]`, `[sink.NAME]`. In an instance section: `plugin` plus the
/// plugin's declared keys (families like `warehouse.*` match any suffix); every
/// required key present and not empty; every non-empty value of its type. A
/// plugin that declares no keys is not validated (a note says so).
///
/// Every problem names `file:line`, the section, the key and, for a likely typo,
/// the declared key it resembles. No message contains a `secret`/`dsn` value.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/keys.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::config {

/// What the host knows of a loaded plugin, for validation and `--describe`.
struct PluginSchema {
  std::string name;
  PluginKind kind = PluginKind::source;
  bool declared = false;  ///< false: the plugin declares no keys (not validated)
  std::vector<KeySpec> keys;
};

/// How validation resolves an instance's `plugin = NAME`.
struct PluginLookup {
  /// The loaded plugin of that name, or nullptr.
  std::function<const PluginSchema*(const std::string& name)> find;
  /// True when a file of that name was refused: its keys are not validated and
  /// the load error is reported elsewhere (run: FAILED:PluginLoadError).
  std::function<bool(const std::string& name)> refused;
  std::string dir;                  ///< plugin_path, for messages
  std::vector<std::string> loaded;  ///< names, for messages and suggestions
};

/// One error or warning: `at` is `file:line`.
struct Problem {
  std::string at;
  std::string message;
  std::string text() const { return at + ": " + message; }
};

struct Validation {
  std::vector<Problem> errors;
  std::vector<Problem> warnings;   ///< e.g. a literal password in a world-readable file
  std::vector<std::string> notes;  ///< e.g. `[source.x] (plugin fx): declares no keys, not validated`
  std::size_t keys_valid = 0;      ///< keys checked and valid
  bool ok() const { return errors.empty(); }
  /// Every error on its own line (for a ConfigError).
  std::string errors_text() const;
};

/// Validates `sections` (all sections of `cfg` when empty). Never throws for a
/// bad config: everything found is in the result.
Validation validate(const Config& cfg, const PluginLookup& plugins, const std::vector<std::string>& sections = {});

/// The sections one pipeline uses: `tecsync` (when present), `pipeline.NAME`
/// and its source, transforms and sink sections (those that exist).
std::vector<std::string> pipeline_sections(const Config& cfg, const std::string& pipeline);

/// `a, b ,c` → {a, b, c}; empty items dropped (the `transforms` list).
std::vector<std::string> split_list(std::string_view list);

/// `value` of a `secret`/`dsn` key as written holds a password itself rather
/// than only `${NAME}` references.
bool literal_secret(KeyType type, std::string_view raw);

}  // namespace tecsync::config
