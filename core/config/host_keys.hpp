#pragma once
/// @file
/// The keys the host itself reads, declared with the SDK's `ConfigKey` like a
/// plugin's: `[tecsync]`, `[pipeline.NAME]`, and the `plugin` key every
/// `[source.X]`/`[transform.X]`/`[sink.X]` has. A new host key is added HERE
/// (one line) or validation rejects it as unknown; host.cpp reads the values.

#include <span>

#include "tecsync/config_keys.hpp"

namespace tecsync::config {

/// `[tecsync]`: plugin_path, log_level, http_*.
std::span<const ConfigKey> tecsync_keys();
/// `[pipeline.NAME]`: source, transforms, sink, strategy, batch_size.
std::span<const ConfigKey> pipeline_keys();
/// The host's own key in every instance section: `plugin`.
std::span<const ConfigKey> instance_keys();

}  // namespace tecsync::config
