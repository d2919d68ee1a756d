#pragma once
/// @file
/// A plugin's configuration keys, declared once: the host validates every
/// `[source.X]` / `[transform.X]` / `[sink.X]` section against them before the
/// plugin is built (an unknown key or a value of the wrong type is an error that
/// names the file, line and key), `tecsync check` reports them, and
/// `tecsync plugins --describe NAME` prints them. The plugin still reads the values
/// itself from `HostServices::config`, with the same defaults.
///
/// ```cpp
/// inline constexpr tecsync::ConfigKey kKeys[] = {
///     {"url", tecsync::KeyType::url, nullptr, "Base URL of the price list API"},
///     {"form", tecsync::KeyType::choice, "api", "Feed shape", "api|sheet|portal"},
///     {"warehouse.*", tecsync::KeyType::string, nullptr,
///      "tecsync warehouse code (after the dot) = the feed's stock column"},
/// };
/// class MySource {
///  public:
///   static std::span<const tecsync::ConfigKey> config_keys() { return kKeys; }
///   …
/// };
/// ```
/// The registration macros (`export.hpp`) pick up `Impl::config_keys()` when the
/// class has it; a plugin without it is not validated (and `check` says so).

#include <cstddef>

namespace tecsync {

/// How the host checks a value (after `${ENV}` expansion, trimmed).
enum class KeyType {
  string,   ///< any text
  secret,   ///< any text; never printed or logged (passwords, API keys)
  integer,  ///< decimal integer, optional sign
  decimal,  ///< plain decimal number with `.` (`30`, `0.01`, `1187.50`)
  boolean,  ///< `true` / `false` (also `yes`/`no`, `1`/`0`)
  seconds,  ///< a duration in seconds, decimal ≥ 0
  url,      ///< `http://…` or `https://…`
  path,     ///< a filesystem path
  choice,   ///< one of `choices` (`a|b|c`)
  dsn,      ///< a libpq connection string (`host=… dbname=…`); may hold a password: never printed
};

/// One declared key. All strings are static (string literals): the host reads
/// them while the plugin's library is loaded.
struct ConfigKey {
  /// The key as written in the section (`margin_percent`), or a family with a
  /// trailing `*` (`warehouse.*`, `location.*`) matching any non-empty suffix.
  const char* name;
  KeyType type;
  /// The default as config text; nullptr = required (the section must set it).
  const char* default_value;
  /// One line for `plugins --describe`: what it means, its unit, where it goes.
  const char* description;
  /// For `KeyType::choice`: the allowed values, `|`-separated; else nullptr.
  const char* choices = nullptr;
};

/// A plugin's declared keys: `count` entries at `keys` (static storage).
struct ConfigSchema {
  const ConfigKey* keys = nullptr;
  std::size_t count = 0;
  bool declared() const { return keys != nullptr; }
};

inline const char* to_string(KeyType t) {
  switch (t) {
    case KeyType::string:
      return "string";
    case KeyType::secret:
      return "secret";
    case KeyType::integer:
      return "integer";
    case KeyType::decimal:
      return "decimal";
    case KeyType::boolean:
      return "boolean";
    case KeyType::seconds:
      return "seconds";
    case KeyType::url:
      return "url";
    case KeyType::path:
      return "path";
    case KeyType::choice:
      return "choice";
    case KeyType::dsn:
      return "dsn";
  }
  return "?";
}

}  // namespace tecsync
