#pragma once
/// @file
/// `tecsync status [--config FILE] [--pipeline NAME] [--limit N] [--json]`: the
/// last cycles of each pipeline (or of NAME), newest first, as the pipeline's
/// sink keeps them (`Sink::recent_cycles`; odoo_sql reads `tecsync.cycle`).
/// The core never connects to a database itself: it builds each pipeline's
/// sink instance, as `run` does, and asks it. Text:
///
///   air_flash (sink odoo, plugin odoo_sql): 2 cycle(s)
///     2026-11-29 10:15:00 UTC  flash  OK  rows_written 42  12.345 s
///       ✅ Success · flash · 2026-11-29 10:15:00 UTC
///       failure: <detail>                     (SKIPPED/FAILED only)
///
/// `--json`: `{"pipelines":[{"pipeline","sink","plugin","error":null|{"class","detail"},
/// "cycles":[{"started_at","finished_at" (ISO 8601 UTC),"strategy","status","pulse",
/// "rows_written","seconds","counts":{…},"failure":null|"…"}]}]}`.
/// Exit: 0 when every pipeline's history was read (a sink that keeps none is
/// reported, not an error); 1 when a sink failed to read (database down…);
/// 2 usage/config errors (unknown pipeline, sink plugin not loaded).

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace tecsync::commands {

struct StatusOptions {
  std::filesystem::path config;
  std::optional<std::string> pipeline;  ///< nullopt: every `[pipeline.*]`
  std::size_t limit = 5;                ///< cycles per pipeline
  bool json = false;
};

/// Prints the status. Throws config::ConfigError / plugins::PluginDirError.
int status(const StatusOptions& options, std::ostream& out);

}  // namespace tecsync::commands
