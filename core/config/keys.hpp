#pragma once
/// @file
/// Declared configuration keys as the host holds them (owning copies of the
/// SDK's `ConfigKey`, which point into a plugin's library), and the per-type
/// value checks behind `tecsync check` and the validation in `tecsync run`.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tecsync/config_keys.hpp"

namespace tecsync::config {

/// One declared key; see `tecsync::ConfigKey` for the meaning of each field.
struct KeySpec {
  std::string name;  ///< `margin_percent`, or a family `warehouse.*`
  KeyType type = KeyType::string;
  std::optional<std::string> default_value;  ///< nullopt = required
  std::string description;
  std::vector<std::string> choices;  ///< KeyType::choice only

  bool required() const { return !default_value.has_value(); }
  bool is_family() const { return !name.empty() && name.back() == '*'; }
  /// `key` is this key, or a non-empty suffix of this family.
  bool matches(std::string_view key) const;
};

/// Copies declared keys (static strings of a plugin or of the core) into owned specs.
std::vector<KeySpec> to_specs(std::span<const ConfigKey> keys);

/// Why `value` (expanded, trimmed, not empty) is not a valid `spec.type`, in
/// words for an admin (`expected an integer`, `expected one of api, sheet`);
/// nullopt when valid. Never quotes a secret or dsn value.
std::optional<std::string> check_value(const KeySpec& spec, std::string_view value);

/// The libpq keyword list the `dsn` check knows; an unknown `dbnam=` is an error.
bool is_libpq_keyword(std::string_view word);
/// That list (for suggestions).
std::vector<std::string> libpq_keywords();

/// Levenshtein distance, for "did you mean" (small strings only).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo
/// (distance ≤ 2, or ≤ 1/3 of the length), else empty.
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tecsync::config
