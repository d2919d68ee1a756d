#include "host.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <deque>
#include <memory>

#include "observability/pulse.hpp"

namespace tecsync {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

bool path_within(const fs::path& inner, const fs::path& outer) {
  auto o = outer.lexically_normal().string();
  auto i = inner.lexically_normal().string();
  if (!o.empty() && o.back() == '/') o.pop_back();
  return i.size() > o.size() && i.compare(0, o.size(), o) == 0 && i[o.size()] == '/';
}

}  // namespace

fs::path default_plugin_path() {
  std::error_code ec;
  fs::path build_dir = TECSYNC_BUILD_PLUGIN_DIR;
  fs::path exe = boost::dll::program_location().string();
  if (path_within(exe, TECSYNC_BUILD_TREE) && fs::is_directory(build_dir, ec)) return build_dir;
  return TECSYNC_INSTALLED_PLUGIN_DIR;
}

HostSettings read_settings(const config::Config& cfg) {
  HostSettings s;
  const std::string sec = "tecsync";
  if (auto p = cfg.get(sec, "plugin_path"); p && !p->empty()) {
    s.plugin_path = *p;
    if (s.plugin_path.is_relative()) s.plugin_path = cfg.file.parent_path() / s.plugin_path;
  } else {
    s.plugin_path = default_plugin_path();
  }
  if (auto l = cfg.get(sec, "log_level"); l && !l->empty()) {
    auto level = obs::parse_level(*l);
    if (!level)
      throw config::ConfigError("config " + cfg.file.string() +
                                ": [tecsync] log_level: expected debug, info, warn or error");
    s.log_level = *level;
  }
  auto positive = [&](const char* key, double v, bool allow_zero) {
    if (v < 0 || (!allow_zero && v == 0))
      throw config::ConfigError("config " + cfg.file.string() + ": [tecsync] " + key + ": must be " +
                                (allow_zero ? "≥ 0" : "> 0"));
    return v;
  };
  s.http.connect_timeout_s =
      positive("http_connect_timeout", cfg.get_double(sec, "http_connect_timeout", s.http.connect_timeout_s), false);
  s.http.low_speed_window_s =
      positive("http_low_speed_window", cfg.get_double(sec, "http_low_speed_window", s.http.low_speed_window_s), false);
  s.http.low_speed_bytes = static_cast<long>(
      positive("http_low_speed_bytes", static_cast<double>(cfg.get_int(sec, "http_low_speed_bytes", 1)), false));
  s.http.total_timeout_s = positive("http_timeout", cfg.get_double(sec, "http_timeout", 0), true);
  s.http.retries =
      static_cast<int>(positive("http_retries", static_cast<double>(cfg.get_int(sec, "http_retries", 3)), true));
  s.http.backoff_s = positive("http_backoff", cfg.get_double(sec, "http_backoff", 1), true);
  if (auto m = cfg.get(sec, "metrics_dir"); m && !m->empty()) {
    s.metrics_dir = trim(*m);
    if (s.metrics_dir.is_relative()) s.metrics_dir = cfg.file.parent_path() / s.metrics_dir;
  }
  return s;
}

PipelineSpec read_pipeline(const config::Config& cfg, const std::string& name) {
  const std::string sec = "pipeline." + name;
  if (!cfg.section(sec))
    throw config::ConfigError("config " + cfg.file.string() + ": no pipeline '" + name + "' (section [" + sec + "])");
  PipelineSpec spec;
  spec.name = name;
  spec.source = trim(cfg.require(sec, "source"));
  spec.sink = trim(cfg.require(sec, "sink"));
  spec.transforms = config::split_list(cfg.get(sec, "transforms").value_or(""));
  std::string strategy = trim(cfg.get(sec, "strategy").value_or("flash"));
  if (strategy == "flash")
    spec.strategy = Strategy::flash;
  else if (strategy == "deep")
    spec.strategy = Strategy::deep;
  else
    throw config::ConfigError("config " + cfg.file.string() + ": [" + sec + "] strategy: expected flash or deep");
  long long batch = cfg.get_int(sec, "batch_size", 5000);
  if (batch <= 0) throw config::ConfigError("config " + cfg.file.string() + ": [" + sec + "] batch_size: must be > 0");
  spec.batch_size = static_cast<std::size_t>(batch);
  return spec;
}

namespace {

// [tecsync] is checked before it is read, so a typo is named with its line
// rather than silently ignored.
const config::Config& tecsync_validated(const config::Config& cfg) {
  config::Validation v = config::validate(cfg, {}, {"tecsync"});
  if (!v.ok()) throw config::ConfigError(v.errors_text());
  return cfg;
}

}  // namespace

config::PluginLookup plugin_lookup(const plugins::Catalog& catalog) {
  auto schemas = std::make_shared<std::vector<config::PluginSchema>>();
  config::PluginLookup lookup;
  for (const auto& p : catalog.loaded) {
    schemas->push_back({p.name, p.kind, p.keys_declared, p.keys});
    lookup.loaded.push_back(p.name);
  }
  lookup.find = [schemas](const std::string& name) -> const config::PluginSchema* {
    for (const auto& s : *schemas)
      if (s.name == name) return &s;
    return nullptr;
  };
  auto refused = std::make_shared<plugins::Catalog>();
  refused->refused = catalog.refused;
  lookup.refused = [refused](const std::string& name) { return refused->refusal_for(name) != nullptr; };
  lookup.dir = catalog.dir.string();
  return lookup;
}

Host::Host(config::Config cfg)
    : config_(std::move(cfg)),
      settings_(read_settings(tecsync_validated(config_))),
      spd_(obs::stderr_logger(settings_.log_level)),
      log_(spd_, "host") {}

const plugins::Catalog& Host::catalog() {
  if (!catalog_) {
    catalog_ = plugins::scan(settings_.plugin_path);
    for (const auto& r : catalog_->refused) log_.warn(r.error_class + ": " + r.reason);
    for (const auto& p : catalog_->loaded)
      log_.debug("loaded plugin " + p.name + " (" + to_string(p.kind) + " " + p.version + ") from " + p.file.string());
  }
  return *catalog_;
}

RunResult Host::run(const std::string& pipeline, const Cancellation& cancel) {
  if (config_.section("pipeline." + pipeline)) {
    config::Validation v =
        config::validate(config_, plugin_lookup(catalog()), config::pipeline_sections(config_, pipeline));
    for (const auto& w : v.warnings) log_.warn(w.text());
    if (!v.ok()) throw config::ConfigError(v.errors_text());
  }
  PipelineSpec spec = read_pipeline(config_, pipeline);
  const plugins::Catalog& cat = catalog();

  // One entry per stage to build, in pipeline order.
  struct Want {
    PluginKind kind;
    const char* prefix;
    std::string instance;
  };
  std::vector<Want> wants;
  wants.push_back({PluginKind::source, "source", spec.source});
  for (const auto& t : spec.transforms) wants.push_back({PluginKind::transform, "transform", t});
  wants.push_back({PluginKind::sink, "sink", spec.sink});

  // Resolve every plugin before building anything, so config errors come first.
  std::vector<const plugins::LoadedPlugin*> chosen;
  std::vector<const plugins::Refusal*> refused_needed;
  for (const Want& w : wants) {
    std::string section = std::string(w.prefix) + "." + w.instance;
    std::string plugin = trim(config_.require(section, "plugin"));
    const plugins::LoadedPlugin* p = cat.find(plugin);
    if (!p) {
      if (const plugins::Refusal* r = cat.refusal_for(plugin)) {
        chosen.push_back(nullptr);
        refused_needed.push_back(r);
        continue;
      }
      std::string names;
      for (const auto& l : cat.loaded) names += (names.empty() ? "" : ", ") + l.name;
      throw config::ConfigError("config " + config_.file.string() + ": [" + section + "] plugin: no plugin named '" +
                                plugin + "' in " + settings_.plugin_path.string() +
                                " (loaded: " + (names.empty() ? "none" : names) + ")");
    }
    if (p->kind != w.kind)
      throw config::ConfigError("config " + config_.file.string() + ": [" + section + "] plugin: '" + plugin +
                                "' is a " + to_string(p->kind) + ", not a " + to_string(w.kind));
    chosen.push_back(p);
  }

  // Services outlive the stages (declared first, destroyed last).
  // The cycle starts now: its start time is in every pulse suffix, and the
  // plugins see it (HostServices::cycle) before any call.
  const CycleInfo cycle{spec.name, spec.strategy, std::chrono::system_clock::now(), run_options_.dry_run,
                        run_options_.change_detail_limit};
  obs::CyclePulses pulses(log_, spec.strategy);
  pulses.set_started_at(cycle.started_at);
  obs::CycleCounters counters;
  http::CurlHttpClient http(settings_.http, log_, &cancel);
  std::deque<obs::SpdLogger> loggers;
  std::deque<HostServices> services;
  PipelineStages stages;

  if (!refused_needed.empty()) {
    const plugins::Refusal* r = refused_needed.front();
    Status s = Status::failed(FailureArea::plugin, r->error_class, r->reason);
    return failed_before_start(spec, s, "plugin load " + r->file.string(), pulses);
  }
  for (std::size_t i = 0; i < wants.size(); ++i) {
    const Want& w = wants[i];
    const plugins::LoadedPlugin& p = *chosen[i];
    std::string section = std::string(w.prefix) + "." + w.instance;
    loggers.emplace_back(spd_, section);
    services.push_back(
        HostServices{*config_.section(section), w.instance, loggers.back(), pulses, counters, http, cancel, &cycle});
    plugins::Instance inst;
    Status s = plugins::instantiate(p, services.back(), inst);
    if (!s) {
      if (s.area == FailureArea::none) s.area = FailureArea::config;
      return failed_before_start(
          spec, s, std::string(w.prefix) + " '" + w.instance + "' (plugin " + p.name + ") create()", pulses);
    }
    if (w.kind == PluginKind::source)
      stages.source = {w.instance, p.name, inst.source};
    else if (w.kind == PluginKind::transform)
      stages.transforms.push_back({w.instance, p.name, inst.transform});
    else
      stages.sink = {w.instance, p.name, inst.sink};
  }
  // The progress line and a dry run's change list see the sink's calls.
  if (run_options_.progress || run_options_.changes)
    stages.sink.object =
        std::make_shared<obs::ObservedSink>(stages.sink.object, run_options_.progress, run_options_.changes);
  if (!cat.refused.empty()) {
    pulses.emit(pulse::warning("Plugins Refused", std::to_string(cat.refused.size()) + " file(s) in " +
                                                      settings_.plugin_path.string() + " (see `tecsync plugins`)"));
  }
  return run_cycle(spec, stages, cycle, pulses, counters, cancel, log_);
}

CommandInstance::CommandInstance(Host& host, const plugins::LoadedPlugin& plugin, const std::string& section,
                                 std::string name, std::string label, Strategy strategy, const Cancellation& cancel)
    : cycle_{std::move(label), strategy, std::chrono::system_clock::now()},
      log_(host.spd(), section),
      pulses_(log_, strategy),
      http_(host.settings().http, log_, &cancel),
      services_{*host.config().section(section), std::move(name), log_, pulses_, counters_, http_, cancel, &cycle_} {
  built_ = plugins::instantiate(plugin, services_, instance_);
}

}  // namespace tecsync
