#pragma once
/// @file
/// `tecsync run` and `tecsync dry-run` around `Host::run`: the progress line on
/// a terminal, the dry-run plumbing, and the Prometheus metrics file after a
/// real cycle.

#include <cstddef>
#include <string>
#include <vector>

#include "host.hpp"

namespace tecsync::commands {

struct ObservedRun {
  RunResult result;
  std::vector<std::string> changes;  ///< dry run: the sink's first N change lines
};

/// Runs one cycle of `pipeline` on `host`. `json`: no progress line (else it
/// shows while stderr is a terminal). A real cycle (not `dry_run`) then writes
/// `[tecsync] metrics_dir`/tecsync_<pipeline>.prom when that key is set; a
/// metrics file that cannot be written is logged as a warning and does not
/// change the cycle's result. Throws what `Host::run` throws.
ObservedRun run_observed(Host& host, const std::string& pipeline, const Cancellation& cancel, bool json,
                         bool dry_run = false, std::size_t change_detail_limit = 20);

}  // namespace tecsync::commands
