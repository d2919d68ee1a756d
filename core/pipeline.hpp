#pragma once
/// @file
/// One cycle of a pipeline: source → transforms (in order) → sink, in batches.
///
/// Call order, as seen by the plugins:
///  * `source.read(strategy, emitter)` is called once.
///  * `sink.begin(cycle, facts)` is called lazily, exactly once: on the source's
///    first `emitter.facts()` or `emitter.emit()`, whichever comes first (so the
///    sink sees the stream facts when the source announces them before its first
///    batch), or after a successful read that emitted nothing.
///  * Each emitted batch goes through every transform's `apply(batch, facts)`,
///    then `sink.write(batch)` (rejects and warnings travel with the batch). A
///    batch whose `offers` + `contents` exceed `batch_size` is cut first into
///    pieces of at most `batch_size` records, offers before contents, in the
///    source's order; the batch's rejects and warnings go with its first piece.
///  * Deep cycles (`Strategy::deep`) run the same way: `contents` flow to the
///    sink untouched by the host (transforms may price the same batch's
///    `offers`, and see the contents too).
///  * The first non-ok status (transform, sink, or cancellation) is returned to
///    the source by `emit()`; the source stops and returns it.
///  * When everything was ok: `sink.commit(summary)`. Otherwise, and also when
///    commit fails: `sink.abort(why)`, exactly once, never after a commit that
///    succeeded. abort may come WITHOUT a prior begin (the source failed before
///    its first fact or batch): the sink then has nothing to roll back, but may
///    record the failure.
/// Memory: the runner holds at most one batch (≤ batch_size records) at a time.
///
/// Host counters: `rows_read` (offers + contents + rejects + dropped repeats the
/// source handed on), `contents_read` (contents alone; always listed in a deep
/// cycle), `rejects`, `warnings` (row warnings of offers, contents and batches).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "observability/pulse.hpp"
#include "tecsync/plugin.hpp"

namespace tecsync {

/// `[pipeline.NAME]` as configured.
struct PipelineSpec {
  std::string name;
  std::string source;                   ///< instance name: `[source.X]`
  std::vector<std::string> transforms;  ///< instance names: `[transform.X]`, applied in order
  std::string sink;                     ///< instance name: `[sink.X]`
  Strategy strategy = Strategy::flash;
  std::size_t batch_size = 5000;  ///< max records (offers + contents) per batch
};

/// One built stage: the instance name (for messages), its plugin's name, the object.
template <class T>
struct Stage {
  std::string instance;
  std::string plugin;
  std::shared_ptr<T> object;
};

/// The objects of one cycle, built by the host from config.
struct PipelineStages {
  Stage<Source> source;
  std::vector<Stage<Transform>> transforms;
  Stage<Sink> sink;
};

/// What a cycle did, as printed by `tecsync run`.
struct RunResult {
  /// `OK`, `OK_WITH_WARNINGS` (the sink's fold: rejects, row warnings, warning pulses),
  /// `SKIPPED:<Class>`, `FAILED:<Class>`.
  std::string status = "OK";
  Status failure;             ///< ok unless SKIPPED/FAILED
  std::string failure_point;  ///< e.g. `sink 'odoo' (plugin odoo_sql) commit()`; empty when ok
  Pulse pulse;                ///< the cycle's pulse, without suffix
  std::string pulse_text;     ///< with ` · <strategy> · <UTC time>`
  /// The sink's CycleSummary counts in its order, then every other counter
  /// (host: `rows_read`, `contents_read` in deep cycles, `rejects`, `warnings`;
  /// plugins' own).
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::int64_t rows_written = 0;
  double seconds = 0;  ///< wall time of the cycle
};

/// `OK` / `OK_WITH_WARNINGS` / `SKIPPED:<Class>` / `FAILED:<Class>` for a status.
std::string status_string(const Status& s, bool warnings);

/// Runs one cycle. `pulses` and `counters` are the objects the plugins were
/// given; host counters are added to `counters`. Never throws for a plugin's
/// failure; the final pulse is emitted (and so logged) through `pulses`.
RunResult run_cycle(const PipelineSpec& spec, PipelineStages& stages, obs::CyclePulses& pulses,
                    obs::CycleCounters& counters, const Cancellation& cancel, Logger& log);

/// Same, for a cycle the host already described to the plugins
/// (`HostServices::cycle`): `cycle.started_at` is the instant of every pulse
/// suffix and the start of `seconds`.
///
/// Status and pulse: before `commit` the host hands the sink every warning
/// pulse raised so far (`CycleSummary::warnings_in`); the sink folds them with
/// its own into `status` and `pulse`, records them, and the host prints exactly
/// those. Each pulse is logged once. Row rejects and warnings are logged as
/// they pass (the first 20 of a cycle, then one line with how many more and
/// where to read them: `CycleSummary::issues_at`).
RunResult run_cycle(const PipelineSpec& spec, PipelineStages& stages, const CycleInfo& cycle, obs::CyclePulses& pulses,
                    obs::CycleCounters& counters, const Cancellation& cancel, Logger& log);

/// A cycle that could not even start (a plugin refused or its factory failed):
/// the same shape of result, with the failure pulse emitted through `pulses`.
RunResult failed_before_start(const PipelineSpec& spec, const Status& why, std::string failure_point,
                              obs::CyclePulses& pulses);

}  // namespace tecsync
