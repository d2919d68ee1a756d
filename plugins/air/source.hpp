#pragma once
/// @file
/// The Air Computers source: config → the API or the sheet reader → batches.

#include "config.hpp"
#include "tecsync/host.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync::air {

/// The plain class behind the `air` plugin (see `air.cpp`). Construction reads
/// and checks the config (throws std::invalid_argument naming the key).
class AirSource {
 public:
  explicit AirSource(const HostServices& host);
  /// Reads the whole feed once. Only `Strategy::flash` is supported; `deep`
  /// fails with `PluginConfigError`.
  Status read(Strategy strategy, Emitter& out);

  const AirConfig& config() const { return config_; }

 private:
  HostServices host_;  // a copy: references to host-owned services, which outlive us
  AirConfig config_;
};

}  // namespace tecsync::air
