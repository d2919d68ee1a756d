#pragma once
/// @file
/// Per-cycle metrics for Prometheus' node_exporter textfile collector.
///
/// After each `tecsync run` (not a dry run) the host writes
/// `<[tecsync] metrics_dir>/tecsync_<pipeline>.prom` — atomically: a hidden
/// temporary file in the same directory (not matching `*.prom`, so the collector
/// never reads it half-written), then rename(2). Mode 0644: node_exporter runs
/// as another user. Shape (exposition format 0.0.4, one HELP/TYPE per family,
/// every sample labelled `pipeline`):
///
/// ```
/// # HELP tecsync_cycle_duration_seconds Wall time of the pipeline's last cycle.
/// # TYPE tecsync_cycle_duration_seconds gauge
/// tecsync_cycle_duration_seconds{pipeline="air_flash"} 12.345
/// tecsync_cycle_rows_read / _rows_changed / _rows_written / _rows_rejected    (gauges, last cycle)
/// tecsync_cycle_status{pipeline="air_flash",status="FAILED:DbLockTimeout"} 1
/// tecsync_last_cycle_timestamp_seconds{pipeline="air_flash"} 1795947300
/// tecsync_last_success_timestamp_seconds{pipeline="air_flash"} 1795945500
/// ```
/// `rows_changed` = `rows_written` (rows the sink changed in the target; both
/// names are kept for dashboards). The last-success time is the end of this
/// cycle when it ended OK/OK_WITH_WARNINGS; otherwise the value read back from
/// the previous file, or absent when there never was one.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline.hpp"

namespace tecsync::obs {

/// What one cycle contributes to the file.
struct CycleMetrics {
  std::string pipeline;
  std::string status;  ///< `OK`, `OK_WITH_WARNINGS`, `SKIPPED:<Class>`, `FAILED:<Class>`
  double duration_s = 0;
  std::int64_t rows_read = 0;
  std::int64_t rows_written = 0;
  std::int64_t rows_rejected = 0;
  std::chrono::system_clock::time_point finished_at;
  /// Unix seconds of the last OK/OK_WITH_WARNINGS cycle (this one or earlier).
  std::optional<double> last_success_s;
};

/// The metrics of `r` (counts `rows_read`, `rejects`), ended at `finished_at`.
CycleMetrics metrics_of(const std::string& pipeline, const RunResult& r,
                        std::chrono::system_clock::time_point finished_at);

/// The file's text (pure; the caller fills `last_success_s`).
std::string format_metrics(const CycleMetrics& m);

/// `tecsync_<pipeline>.prom` (characters other than `[A-Za-z0-9_-]` become `_`).
std::filesystem::path metrics_file(const std::filesystem::path& dir, const std::string& pipeline);

/// The `tecsync_last_success_timestamp_seconds` sample of an earlier file's text, if any.
std::optional<double> read_last_success(const std::string& text);

/// Writes `m` for its pipeline into `dir` (see the file comment): fills
/// `last_success_s` from this cycle or the previous file. Throws
/// std::runtime_error naming the path when the directory is not writable.
void write_metrics(const std::filesystem::path& dir, CycleMetrics m);

}  // namespace tecsync::obs
