#pragma once
/// @file
/// Reading a plugin's config section whose keys are flat and may hold dots
/// (`column.sku`, `stock.S_ROS`, `currency_map.U$S`): ptree's `get("a.b")`
/// would split them as paths, so keys are found by iterating the section.
/// Errors throw std::invalid_argument naming the plugin and the key; the
/// registration macro turns that into `PluginConfigError`.

#include <boost/property_tree/ptree.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tecsync/decimal.hpp"

namespace tecsync::feeds {

class Section {
 public:
  /// `plugin` prefixes every error message (`csv_feed: key 'url' is required`).
  Section(const boost::property_tree::ptree& section, std::string plugin) : s_(section), plugin_(std::move(plugin)) {}

  /// The trimmed value of `key`, or nullopt when absent or empty.
  std::optional<std::string> get(const std::string& key) const;
  std::string get_or(const std::string& key, const std::string& fallback) const;
  /// Throws when absent or empty.
  std::string required(const std::string& key) const;
  /// Every `prefix<suffix> = value` pair in file order, suffix non-empty
  /// (`family("stock.")` → {{"S_ROS", "Rosario"}, …}).
  std::vector<std::pair<std::string, std::string>> family(const std::string& prefix) const;
  /// A positive integer (≥ `min`).
  std::size_t integer(const std::string& key, std::size_t fallback, std::size_t min = 1) const;
  /// A plain decimal ≥ 0 (`30`, `10.5`).
  Decimal decimal(const std::string& key, Decimal fallback) const;
  /// One of `choices` (`|`-separated); `fallback` when absent.
  std::string choice(const std::string& key, const std::string& choices, const std::string& fallback) const;
  /// A single-byte mark from `allowed`, `tab` for TAB, or 0 for `auto`/absent.
  char mark(const std::string& key, const std::string& allowed) const;

  [[noreturn]] void fail(const std::string& key, const std::string& why) const;
  const std::string& plugin() const { return plugin_; }

 private:
  const boost::property_tree::ptree& s_;
  std::string plugin_;
};

}  // namespace tecsync::feeds
