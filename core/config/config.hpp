#pragma once
/// @file
/// The host's configuration: INI files merged into one Boost.PropertyTree.
///
/// Layout: the main file (`--config`, default `/etc/tecsync/tecsync.conf`) plus
/// every `conf.d/*.conf` in the main file's directory, read in name order after
/// it. The same `[section]` in several files merges their keys; the same key
/// twice (in one file or in two) is an error naming both places — an override
/// that silently wins would hide the mistake (see README "Configuration").
///
/// Shape: `tree` has one child per section, keyed by the section name exactly as
/// written (`pipeline.air_flash`, `source.air`); each section's children are its
/// keys exactly as written, flat (`warehouse.S_CBA` is ONE key, not a path). Look
/// them up with `find()`/iteration or the helpers here, never with
/// `ptree::get("a.b")`, which would split at the dot.
///
/// Every section and key remembers where it was written (`origin`), so errors
/// name `file:line`. Values have `${NAME}` replaced from the environment when
/// the file is loaded; the text as written is kept too (`raw`), for the
/// secrets check. Trailing comments (` ; …` or ` # …` after whitespace) are
/// dropped. Values are never logged by this module (they may hold secrets).

#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tecsync::config {

/// A configuration that cannot be used: unreadable file, syntax error, unset
/// environment variable, missing or bad key. `what()` names the file (and line
/// when known), the section and the key; it never contains a value.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Looks up an environment variable; nullopt when unset. Injected for tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (`getenv`).
std::optional<std::string> process_env(const std::string& name);

/// Replaces every `${NAME}` in `value` (NAME = letters, digits, `_`). A `$` not
/// followed by `{` stays as is. Throws ConfigError naming `file`, `section` and
/// `key` for an unset variable or an unterminated `${`.
std::string expand_env(std::string_view value, const std::string& file, const std::string& section,
                       const std::string& key, const EnvLookup& env);

/// Where a section header or key was written: `file:line` (line 1-based).
struct Origin {
  std::filesystem::path file;
  int line = 0;
  std::string text() const { return file.string() + ":" + std::to_string(line); }
};

/// A key's origin and its value as written (before `${ENV}` expansion).
struct KeyOrigin {
  Origin at;
  std::string raw;
};

/// A loaded configuration. Cheap to move; owns its tree.
struct Config {
  std::filesystem::path file;                ///< the main file
  std::vector<std::filesystem::path> files;  ///< every file read, in reading order (main first)
  boost::property_tree::ptree tree;
  /// Section name → where its header first appeared.
  std::map<std::string, Origin> section_origin;
  /// (section, key) → where it was written and its raw text.
  std::map<std::pair<std::string, std::string>, KeyOrigin> key_origin;

  /// The section `[name]`, or nullptr.
  const boost::property_tree::ptree* section(const std::string& name) const;
  /// A key of a section, or nullopt when the section or key is absent.
  std::optional<std::string> get(const std::string& section, const std::string& key) const;
  /// Like get(), but an absent or empty value throws ConfigError naming file, section and key.
  std::string require(const std::string& section, const std::string& key) const;
  /// An integer key with a default; a non-integer value throws ConfigError.
  long long get_int(const std::string& section, const std::string& key, long long fallback) const;
  /// A number key (seconds, …) with a default; a non-number throws ConfigError.
  double get_double(const std::string& section, const std::string& key, double fallback) const;
  /// `file:line` of a key, else of its section, else the main file; for messages.
  std::string where(const std::string& section, const std::string& key = {}) const;
};

/// The default `--config`: `$TECSYNC_CONFIG` when set and not empty, else
/// `/etc/tecsync/tecsync.conf`.
std::filesystem::path default_config_path(const EnvLookup& env = process_env);

/// `<dir of main>/conf.d/*.conf` in name order (empty when there is no such
/// directory). Hidden files and other extensions (`.conf.dpkg-old`) are skipped.
std::vector<std::filesystem::path> conf_d_files(const std::filesystem::path& main);

/// Reads `file` and then every `conf_d_files(file)`, merged (see the file
/// comment). Throws ConfigError naming file and line (syntax, duplicate key,
/// unset `${VAR}`), or the file when it cannot be read.
Config load(const std::filesystem::path& file, const EnvLookup& env = process_env);

/// One file's text already in memory; `file` is used in messages only. No conf.d.
Config parse(std::string_view text, const std::filesystem::path& file, const EnvLookup& env = process_env);

/// Adds `text` (read from `file`) to `cfg`: same rules as load().
void merge_text(Config& cfg, std::string_view text, const std::filesystem::path& file, const EnvLookup& env);

}  // namespace tecsync::config
