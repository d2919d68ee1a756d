#pragma once
/// @file
/// `tecsync dry-run [--config FILE] --pipeline NAME [--limit N] [--json]`: one
/// full cycle whose sink does all its work and then rolls back
/// (`CycleInfo::dry_run`). Prints the summary `tecsync run` prints, then
///
///   would change: <n>
///     SKU 12345: list_price 10.00 → 12.50
///     SKU 12345 @ WH/Air Córdoba: quantity 3 → 0
///     … and <m> more
///
/// (the first N = `--limit`, default 20, in detail; `<n>` is the sink's count
/// `changes`). With `--json`, run's object plus `"dry_run":true`,
/// `"changes":[…]` (the detailed lines) and `"changes_total":n`. A sink whose
/// plugin does not declare `supports_dry_run` is refused before anything runs
/// (exit 2). Exit codes otherwise as `run`. Nothing is recorded in the sink's
/// history and no metrics file is written.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

#include "pipeline.hpp"

namespace tecsync::commands {

/// How `run` prints and exits, so that dry-run says the same things the same way.
struct RunPrinters {
  std::function<void(const RunResult&, std::ostream&)> text;
  std::function<void(const RunResult&, std::ostream&)> json;  ///< one JSON object and a newline
  std::function<int(const RunResult&)> exit_code;
};

struct DryRunOptions {
  std::filesystem::path config;
  std::string pipeline;
  std::size_t limit = 20;
  bool json = false;
};

/// Runs the dry run. Throws config::ConfigError (exit 2 in the CLI) for a
/// config error or a sink without dry-run support, plugins::PluginDirError.
int dry_run(const DryRunOptions& options, const RunPrinters& print, std::ostream& out);

}  // namespace tecsync::commands
