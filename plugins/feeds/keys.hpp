#pragma once
/// @file
/// The declared config keys of `csv_feed` and `json_feed` (one source of truth
/// for the host's validation, `tecsync check` and `plugins --describe`).

#include <span>

#include "tecsync/config_keys.hpp"

namespace tecsync::feeds {

std::span<const ConfigKey> csv_feed_keys();
std::span<const ConfigKey> json_feed_keys();

}  // namespace tecsync::feeds
