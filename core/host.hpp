#pragma once
/// @file
/// The host: turns a configuration into loaded plugins and runs pipelines.
///
/// `[tecsync]` keys (all optional):
///  * `plugin_path` — directory scanned for `*.so`. Default: the build tree's
///    plugin folder when this binary runs from the build tree and that folder
///    exists, else the installed folder (`<libdir>/tecsync/plugins`).
///  * `log_level` — debug | info | warn | error (default info).
///  * `http_connect_timeout` (s, 10), `http_low_speed_window` (s, 30),
///    `http_low_speed_bytes` (B/s, 1), `http_timeout` (s, 0 = none),
///    `http_retries` (3), `http_backoff` (s before the first retry, 1; doubles).
///  * `metrics_dir` — directory of node_exporter's textfile collector; after each
///    `tecsync run` the host writes `tecsync_<pipeline>.prom` there
///    (observability/metrics.hpp). Default empty: no metrics file.
/// `[pipeline.NAME]`: `source`, `transforms` (comma list, in order, may be empty),
/// `sink`, `strategy` (flash | deep, default flash), `batch_size` (default 5000).
/// Instances: `[source.X]`, `[transform.X]`, `[sink.X]`, each with `plugin = <name>`;
/// the whole section is the plugin's `host.config`.

#include <filesystem>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/validate.hpp"
#include "http/curl_client.hpp"
#include "observability/log.hpp"
#include "observability/progress.hpp"
#include "observability/pulse.hpp"
#include "pipeline.hpp"
#include "plugins/loader.hpp"
#include "tecsync/host.hpp"

namespace tecsync {

/// Where plugins are looked for when `[tecsync] plugin_path` is unset.
std::filesystem::path default_plugin_path();

/// The host's own settings, read from `[tecsync]`.
struct HostSettings {
  std::filesystem::path plugin_path;
  LogLevel log_level = LogLevel::info;
  http::HttpDefaults http;
  std::filesystem::path metrics_dir;  ///< empty: no metrics file; relative: to the config file's directory
};

/// Reads `[tecsync]`; throws config::ConfigError naming the key on a bad value.
HostSettings read_settings(const config::Config& cfg);

/// Reads `[pipeline.NAME]`; throws config::ConfigError (unknown pipeline, missing
/// key, bad strategy or batch size).
PipelineSpec read_pipeline(const config::Config& cfg, const std::string& name);

/// Resolves `plugin =` names against `catalog` for config::validate (the
/// lookup owns copies of the schemas; it does not refer to `catalog`).
config::PluginLookup plugin_lookup(const plugins::Catalog& catalog);

/// How `Host::run` runs its cycles (set by the run and dry-run commands).
struct RunOptions {
  bool dry_run = false;  ///< `CycleInfo::dry_run`; the command checks the sink supports it
  std::size_t change_detail_limit = 20;
  obs::Progress* progress = nullptr;            ///< counts rows and batches as they reach the sink
  std::vector<std::string>* changes = nullptr;  ///< receives `CycleSummary::changes` after commit
};

class Host {
 public:
  /// Validates `[tecsync]` (unknown key or bad value: config::ConfigError naming
  /// file:line) and reads it.
  explicit Host(config::Config cfg);

  const HostSettings& settings() const { return settings_; }
  const config::Config& config() const { return config_; }
  Logger& log() { return log_; }
  /// The spdlog logger behind log(), for per-instance loggers.
  const std::shared_ptr<spdlog::logger>& spd() const { return spd_; }

  /// Scans `plugin_path` once (later calls return the same catalog); logs each
  /// refusal as a warning. Throws plugins::PluginDirError.
  const plugins::Catalog& catalog();

  /// Runs one cycle of `[pipeline.NAME]`. First validates every section the
  /// pipeline uses against the declared keys (config::validate), before any
  /// plugin instance is built. Throws config::ConfigError when the pipeline
  /// cannot be built from config (unknown pipeline/instance/plugin, wrong
  /// plugin kind, unknown key or bad value: one `file:line: …` line per
  /// problem) and plugins::PluginDirError; every other failure —
  /// a refused plugin, a factory or plugin call that failed — comes back as a
  /// FAILED/SKIPPED RunResult. Refused files in plugin_path add a warning pulse
  /// (`⚠️ Plugins Refused: N …`), so the run is at best OK_WITH_WARNINGS.
  RunResult run(const std::string& pipeline, const Cancellation& cancel);
  /// Options for the next `run` calls (the pointers must outlive them).
  void set_run_options(RunOptions options) { run_options_ = options; }

 private:
  config::Config config_;
  HostSettings settings_;
  std::shared_ptr<spdlog::logger> spd_;
  obs::SpdLogger log_;
  std::optional<plugins::Catalog> catalog_;
  RunOptions run_options_;
};

/// One plugin instance built outside a pipeline run (by `tecsync check` and
/// `tecsync odoo setup`) with the services a run would give it: a logger
/// prefixed with the section, the pulses and counters of a cycle labelled
/// `label` (not recorded anywhere), the libcurl client with `[tecsync]`'s HTTP
/// settings, and `cancel`. Owns those services and the instance (declared
/// after them, so destroyed first); not copyable or movable, because the
/// plugin holds references to the services. `host` and `cancel` must outlive it.
class CommandInstance {
 public:
  /// Builds `[section]`'s instance of `plugin`; `name` is the instance name
  /// (the part of the section after `source.`/`transform.`/`sink.`). Never
  /// throws for a plugin that refuses its config: see built().
  CommandInstance(Host& host, const plugins::LoadedPlugin& plugin, const std::string& section, std::string name,
                  std::string label, Strategy strategy, const Cancellation& cancel);
  CommandInstance(const CommandInstance&) = delete;
  CommandInstance& operator=(const CommandInstance&) = delete;

  /// What the plugin's factory returned; on failure instance() is empty.
  const Status& built() const { return built_; }
  plugins::Instance& instance() { return instance_; }

 private:
  CycleInfo cycle_;
  obs::SpdLogger log_;
  obs::CyclePulses pulses_;
  obs::CycleCounters counters_;
  http::CurlHttpClient http_;
  HostServices services_;
  plugins::Instance instance_;
  Status built_;
};

}  // namespace tecsync
