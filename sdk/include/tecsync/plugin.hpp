#pragma once
/// @file
/// The three plugin kinds as the host sees them. A plugin author does not derive
/// from these: write a plain class with the methods listed in `export.hpp` and
/// register it with `TECSYNC_SOURCE` / `TECSYNC_TRANSFORM` / `TECSYNC_SINK`, which
/// wrap it so that no exception leaves the plugin.

#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tecsync/config_keys.hpp"
#include "tecsync/host.hpp"
#include "tecsync/records.hpp"
#include "tecsync/status.hpp"

namespace tecsync {

enum class PluginKind { source, transform, sink };

inline const char* to_string(PluginKind k) {
  switch (k) {
    case PluginKind::source:
      return "source";
    case PluginKind::transform:
      return "transform";
    case PluginKind::sink:
      return "sink";
  }
  return "?";
}

/// One thing a plugin tested or set up, for `tecsync check` and `tecsync odoo
/// setup`: `what` in words an admin reads (`feed reachable and authenticated:
/// https://api.air… (HTTP 200)`, `location WH/Air Córdoba present`), and how it went.
struct ReportItem {
  std::string what;
  Status status;
};

/// Given by a source to the pipeline while it reads.
class Emitter {
 public:
  virtual ~Emitter() = default;
  /// Stream facts (FX quote, list time); call before the first batch, again if they change.
  virtual Status facts(const StreamFacts& facts) noexcept = 0;
  /// Hands one batch on. A non-ok status (a transform or the sink failed, or
  /// the run was cancelled) means: stop reading and return that status.
  virtual Status emit(OfferBatch&& batch) noexcept = 0;
  /// The number of offers a batch should hold at most (config `batch_size`).
  virtual std::size_t batch_size() const noexcept = 0;
};

/// Reads a supplier's feed and emits bounded batches.
class Source {
 public:
  virtual ~Source() = default;
  /// Reads the whole feed once for `strategy`. Returns ok only if the feed was
  /// complete and valid as a whole (a truncated or unparseable feed fails, even
  /// after batches were emitted: the sink then aborts).
  virtual Status read(Strategy strategy, Emitter& out) noexcept = 0;
  /// `tecsync check`: tests what this instance needs at run time (feed
  /// reachable, login accepted), appending one `ReportItem` per test, without
  /// reading the whole feed. Returns failed when any test failed.
  virtual Status check(std::vector<ReportItem>& report) noexcept {
    (void)report;
    return Status::ok();
  }
};

/// Changes batches in place (pricing, filtering). Rows it cannot handle move to
/// `batch.rejects` with a reason.
class Transform {
 public:
  virtual ~Transform() = default;
  virtual Status apply(OfferBatch& batch, const StreamFacts& facts) noexcept = 0;
  /// `tecsync check`: as `Source::check` (e.g. an FX rate it reads from Odoo).
  virtual Status check(std::vector<ReportItem>& report) noexcept {
    (void)report;
    return Status::ok();
  }
};

/// What a cycle is, for the sink's record.
struct CycleInfo {
  std::string pipeline;  ///< `[pipeline.NAME]`
  Strategy strategy = Strategy::flash;
  std::chrono::system_clock::time_point started_at;  ///< UTC
  /// `tecsync dry-run`: the sink does all its work, then rolls back (or sends no
  /// write call) instead of committing, and lists what it would change in
  /// `CycleSummary::changes`. The host asks it only of a sink whose
  /// `PluginInfo::flags` has `kPluginDryRun`.
  bool dry_run = false;
  /// In a dry run, how many changes to list in detail (the rest are counted).
  std::size_t change_detail_limit = 20;
};

/// The suffix every pulse of a cycle carries, the same instant everywhere (log,
/// run record, Odoo field): ` · flash · 2026-11-29 10:15:00 UTC` (seconds, UTC).
inline std::string pulse_suffix(Strategy strategy, std::chrono::system_clock::time_point started_at) {
  std::time_t secs = std::chrono::system_clock::to_time_t(started_at);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return std::string(" · ") + (strategy == Strategy::deep ? "deep" : "flash") + " · " + buf;
}

/// What the sink reports when a cycle ends. The host fills the inputs before
/// `commit()`; the sink fills the rest, and its history record must say what
/// `status` and `pulse` say (the host prints exactly those).
struct CycleSummary {
  // ---- input, filled by the host before commit() ----
  /// The warning pulses the cycle raised before commit that the sink cannot see
  /// otherwise (source, transforms, host: `⚠️ Unknown Column: …`,
  /// `⚠️ Plugins Refused: …`), in the order raised, without suffix. Row rejects and
  /// row warnings are not here: they reach the sink in the batches.
  std::vector<Pulse> warnings_in;

  // ---- output, filled by the sink in commit() ----
  /// Named counts (`offers_matched`, `prices_changed`, `quants_changed`,
  /// `unknown_sku`, …) in the order the sink wants them printed.
  std::vector<std::pair<std::string, std::int64_t>> counts;
  /// The cycle's pulse, without suffix: `✅ Success`, or every warning of the
  /// cycle (`warnings_in`, then the sink's own) folded by `pulse::combine`.
  Pulse pulse = pulse::success();
  /// `OK` or `OK_WITH_WARNINGS` (iff `pulse` is a warning). Empty: the sink did
  /// not fold; the host then folds `warnings_in`, `pulse` and the row issues it counted.
  std::string status;
  /// Rows written to the target (0 on a second identical run).
  std::int64_t rows_written = 0;
  /// Where the cycle's full list of row issues can be read, for the log, e.g.
  /// `SELECT … FROM tecsync.reject WHERE cycle_id = 42`; empty if nowhere.
  std::string issues_at;
  /// Dry run only: the first `CycleInfo::change_detail_limit` changes the cycle
  /// would make, one line each (`SKU 12345: list_price 10.00 → 12.50`,
  /// `SKU 12345 @ WH/Air Córdoba: quantity 3 → 0`). `counts` still has the totals.
  std::vector<std::string> changes;
};

/// The sink's fold: `pulse` = `warnings_in` then `own` (the sink's warning
/// pulses) by `pulse::combine`, and `status` to match.
inline void fold_cycle(CycleSummary& summary, const std::vector<Pulse>& own) {
  std::vector<Pulse> all = summary.warnings_in;
  all.insert(all.end(), own.begin(), own.end());
  summary.pulse = pulse::combine(all);
  summary.status = all.empty() ? "OK" : "OK_WITH_WARNINGS";
}

/// One past cycle as a sink's history keeps it, for `tecsync status`
/// (provenance: the sink's own record, e.g. odoo_sql's `tecsync.cycle`).
struct CycleRecord {
  std::string pipeline;                              ///< `[pipeline.NAME]`
  std::string strategy;                              ///< `flash` | `deep`
  std::chrono::system_clock::time_point started_at;  ///< UTC
  /// UTC; equal to `started_at` when the record has no end time.
  std::chrono::system_clock::time_point finished_at;
  std::string status;  ///< `OK` | `OK_WITH_WARNINGS` | `SKIPPED:<Class>` | `FAILED:<Class>`
  std::string pulse;   ///< with its ` · <strategy> · <UTC time>` suffix
  std::int64_t rows_written = 0;
  /// The cycle's named counts, in the record's order.
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::string failure;  ///< failure detail or point; empty when OK
};

/// Stages a whole cycle and lands it whole, or not at all.
class Sink {
 public:
  virtual ~Sink() = default;
  /// Opens the cycle (connects, locks, starts the transaction).
  virtual Status begin(const CycleInfo& cycle, const StreamFacts& facts) noexcept = 0;
  /// Stages one batch; nothing is visible to others yet.
  virtual Status write(const OfferBatch& batch) noexcept = 0;
  /// Applies and commits everything staged; fills `summary`.
  virtual Status commit(CycleSummary& summary) noexcept = 0;
  /// Drops everything staged and records why. Called after a failed `begin`,
  /// `write`, `commit` or source read; must leave the target untouched. May
  /// come without `begin` (the source failed first): a sink that keeps a
  /// history then records the failed cycle on its own (best effort, short
  /// timeout), using `HostServices::cycle` for the pipeline and start time.
  virtual void abort(const Status& why) noexcept = 0;
  /// `tecsync check`: as `Source::check` (database or API reachable, login,
  /// the fields and locations the sink writes exist). Must not write.
  virtual Status check(std::vector<ReportItem>& report) noexcept {
    (void)report;
    return Status::ok();
  }
  /// `tecsync odoo setup`: creates, idempotently, what the sink needs in its
  /// target (custom fields, locations, the supplier partner), one `ReportItem`
  /// per thing (`created …` / `present …`). A sink that needs nothing set up
  /// keeps this default, which fails with class `Unsupported`.
  virtual Status provision(std::vector<ReportItem>& report) noexcept {
    (void)report;
    return Status::failed(FailureArea::config, "Unsupported", "this sink has nothing to set up");
  }
  /// `tecsync status`: appends to `out` the last `limit` cycles of `pipeline`
  /// the sink's history holds, newest first. Reads only; short timeouts. A sink
  /// that keeps no history keeps this default, which fails with class `Unsupported`.
  virtual Status recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<CycleRecord>& out) noexcept {
    (void)pipeline;
    (void)limit;
    (void)out;
    return Status::failed(FailureArea::config, "Unsupported", "this sink keeps no cycle history");
  }
};

/// `PluginInfo::flags`: the sink honours `CycleInfo::dry_run`.
inline constexpr unsigned kPluginDryRun = 1u << 0;

/// Static facts a plugin exports (`tecsync_plugin_info`). Every pointer is to
/// static storage in the plugin's library, valid while the host keeps it loaded.
struct PluginInfo {
  const char* name;  ///< unique among loaded plugins; the `plugin =` value in config
  PluginKind kind;
  const char* version;      ///< the plugin's own semver
  const char* description;  ///< one line
  /// The keys its config section may hold (`config_keys.hpp`); empty = undeclared.
  ConfigSchema keys{};
  unsigned flags = 0;  ///< `kPlugin*` capabilities
};

/// What a factory builds: exactly the member that matches the plugin's kind is set.
/// The objects' code lives in the plugin's library; the host keeps the library
/// loaded while they live.
struct PluginInstance {
  std::unique_ptr<Source> source;
  std::unique_ptr<Transform> transform;
  std::unique_ptr<Sink> sink;
};

/// Signature of the exported factory `tecsync_create`. Builds one instance from
/// `host`; returns a failed status (class `PluginConfigError`, detail naming the
/// key) instead of throwing.
using PluginFactory = Status(const HostServices& host, PluginInstance& out);
/// Signature of the exported `tecsync_plugin_info`.
using PluginInfoFn = PluginInfo();

}  // namespace tecsync
