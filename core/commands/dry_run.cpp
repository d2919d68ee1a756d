#include "commands/dry_run.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "commands/observed_run.hpp"
#include "observability/cancel.hpp"

namespace tecsync::commands {

namespace {

// The sink plugin [pipeline.NAME] names, when it loaded (else Host::run reports it).
const plugins::LoadedPlugin* sink_plugin(Host& host, const config::Config& cfg, const std::string& pipeline,
                                         std::string& section) {
  PipelineSpec spec = read_pipeline(cfg, pipeline);
  section = "sink." + spec.sink;
  auto name = cfg.get(section, "plugin");
  if (!name) return nullptr;
  std::string n = *name;
  n.erase(0, n.find_first_not_of(" \t"));
  n.erase(n.find_last_not_of(" \t") + 1);
  return host.catalog().find(n);
}

}  // namespace

int dry_run(const DryRunOptions& o, const RunPrinters& print, std::ostream& out) {
  config::Config cfg = config::load(o.config);
  Host host(cfg);
  std::string section;
  if (const plugins::LoadedPlugin* sink = sink_plugin(host, cfg, o.pipeline, section);
      sink && !(sink->flags & kPluginDryRun))
    throw config::ConfigError("tecsync dry-run: [" + section + "] plugin " + sink->name +
                              " does not support dry runs (its sink cannot roll back what it does); nothing was run");

  obs::SignalCancellation::install_signal_handlers();
  obs::SignalCancellation cancel;
  ObservedRun r = run_observed(host, o.pipeline, cancel, o.json, true, o.limit);

  std::int64_t total = static_cast<std::int64_t>(r.changes.size());
  for (const auto& [name, value] : r.result.counts)
    if (name == "changes") total = value;
  const bool landed = r.result.failure.is_ok();
  if (o.json) {
    std::ostringstream run_json;
    print.json(r.result, run_json);
    auto j = nlohmann::ordered_json::parse(run_json.str());
    j["dry_run"] = true;
    j["changes"] = r.changes;
    j["changes_total"] = landed ? nlohmann::ordered_json(total) : nlohmann::ordered_json(nullptr);
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    out << "dry run: nothing was written; the transaction was rolled back\n";
    print.text(r.result, out);
    if (landed) {
      out << "would change: " << total << "\n";
      for (const auto& line : r.changes) out << "  " << line << "\n";
      if (total > static_cast<std::int64_t>(r.changes.size()))
        out << "  … and " << total - static_cast<std::int64_t>(r.changes.size()) << " more\n";
    }
  }
  return print.exit_code(r.result);
}

}  // namespace tecsync::commands
