#pragma once
/// @file
/// The `csv_feed` source: a delimited price list (http(s) or a file) mapped
/// entirely by config (README.md).

#include <span>
#include <vector>

#include "feed_config.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::feeds {

class CsvFeedSource {
 public:
  /// Reads and checks the config; throws std::invalid_argument naming the key.
  explicit CsvFeedSource(const HostServices& host);
  static std::span<const ConfigKey> config_keys();
  /// Reads the whole feed once (flash only).
  Status read(Strategy strategy, Emitter& out);
  /// The feed reachable (and authenticated), not an HTML page, and its header
  /// holding every mapped column: from the first 64 KiB only.
  Status check(std::vector<ReportItem>& report);
  const CsvConfig& config() const { return config_; }

 private:
  HostServices host_;
  CsvConfig config_;
};

}  // namespace tecsync::feeds
