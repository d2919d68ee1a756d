#pragma once
/// @file
/// The host's configuration: one INI file read with Boost.PropertyTree.
///
/// Shape: `tree` has one child per section, keyed by the section name exactly as
/// written (`pipeline.air_flash`, `source.air`); each section's children are its
/// keys exactly as written, flat (`warehouse.S_CBA` is ONE key, not a path). Look
/// them up with `find()`/iteration or the helpers here, never with
/// `ptree::get("a.b")`, which would split at the dot.
///
/// Values have `${NAME}` replaced from the environment when the file is loaded.
/// Trailing comments (` ; …` or ` # …` after whitespace) are dropped before
/// parsing. Values are never logged by this module (they may hold secrets).

#include <boost/property_tree/ptree.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tecsync::config {

/// A configuration that cannot be used: unreadable file, syntax error, unset
/// environment variable, missing or bad key. `what()` names the file, the
/// section and the key; it never contains a value.
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

/// A loaded configuration file. Cheap to move; owns its tree.
struct Config {
  std::filesystem::path file;
  boost::property_tree::ptree tree;

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
};

/// Reads `file`, strips trailing comments, parses INI and expands `${ENV}` in
/// every value. Throws ConfigError (file and line for syntax errors).
Config load(const std::filesystem::path& file, const EnvLookup& env = process_env);

/// Same, from text already in memory; `file` is used in messages only.
Config parse(std::string_view text, const std::filesystem::path& file, const EnvLookup& env = process_env);

}  // namespace tecsync::config
