#pragma once
/// @file
/// The Air Computers source: config → the API or the sheet reader → batches.

#include <span>
#include <vector>

#include "config.hpp"
#include "tecsync/config_keys.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::air {

/// The plain class behind the `air` plugin (see `air.cpp`). Construction reads
/// and checks the config (throws std::invalid_argument naming the key).
class AirSource {
 public:
  explicit AirSource(const HostServices& host);
  /// Reads the whole feed once. `flash`: offers (api, sheet, portal). `deep`:
  /// `ProductContent`s from the API's item list + `get_meta` (form = api) or
  /// the characteristics CSV (form = sheet, `characteristics_url`); the portal
  /// form has no deep feed (`PluginConfigError`).
  Status read(Strategy strategy, Emitter& out);

  /// `tecsync check`: api — login and the first page of `query` (and of
  /// `deep_query` when it differs); sheet/portal — `url` and
  /// `characteristics_url` reachable (files: readable; http: the first bytes
  /// with status 200). Never reads a whole feed. See check.cpp.
  Status check(std::vector<ReportItem>& report);

  /// Every key of `[source.<name>]` for the host's validation (config_keys.cpp).
  static std::span<const ConfigKey> config_keys();

  const AirConfig& config() const { return config_; }

 private:
  Status read_deep(Emitter& out);

  HostServices host_;  // a copy: references to host-owned services, which outlive us
  AirConfig config_;
};

}  // namespace tecsync::air
