#include "commands/status.hpp"

#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "host.hpp"
#include "observability/cancel.hpp"
#include "observability/pulse.hpp"

namespace tecsync::commands {

namespace {

using Clock = std::chrono::system_clock;

std::string utc(Clock::time_point t, const char* format) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

struct PipelineStatus {
  std::string pipeline, sink, plugin;
  Status read;
  std::vector<CycleRecord> cycles;
};

// Builds [pipeline.NAME]'s sink (as run does, without a cycle) and asks it.
PipelineStatus ask(Host& host, const config::Config& cfg, const std::string& pipeline, std::size_t limit) {
  PipelineStatus ps;
  ps.pipeline = pipeline;
  PipelineSpec spec = read_pipeline(cfg, pipeline);
  ps.sink = spec.sink;
  const std::string section = "sink." + spec.sink;
  ps.plugin = trimmed(cfg.require(section, "plugin"));
  const plugins::LoadedPlugin* p = host.catalog().find(ps.plugin);
  if (!p || p->kind != PluginKind::sink)
    throw config::ConfigError("config " + cfg.file.string() + ": [" + section + "] plugin: no sink plugin named '" +
                              ps.plugin + "' loaded from " + host.settings().plugin_path.string());
  obs::ManualCancellation cancel;
  obs::CyclePulses pulses(host.log(), spec.strategy);
  obs::CycleCounters counters;
  http::CurlHttpClient http(host.settings().http, host.log(), &cancel);
  HostServices services{*cfg.section(section), spec.sink, host.log(), pulses, counters, http, cancel, nullptr};
  plugins::Instance inst;
  ps.read = plugins::instantiate(*p, services, inst);
  if (ps.read) ps.read = inst.sink->recent_cycles(pipeline, limit, ps.cycles);
  return ps;
}

void print_text(const PipelineStatus& ps, std::ostream& out) {
  out << ps.pipeline << " (sink " << ps.sink << ", plugin " << ps.plugin << "): ";
  if (!ps.read) {
    out << (ps.read.error_class == "Unsupported" ? "no history: " : "cannot read its history: ") << ps.read.error_class
        << ": " << ps.read.detail << "\n";
    return;
  }
  out << ps.cycles.size() << " cycle(s)" << (ps.cycles.empty() ? ", none recorded yet" : "") << "\n";
  for (const CycleRecord& c : ps.cycles) {
    std::ostringstream secs;
    secs << std::fixed << std::setprecision(3) << seconds_between(c.started_at, c.finished_at);
    out << "  " << utc(c.started_at, "%Y-%m-%d %H:%M:%S UTC") << "  " << c.strategy << "  " << c.status
        << "  rows_written " << c.rows_written << "  " << secs.str() << " s\n";
    if (!c.pulse.empty()) out << "    " << c.pulse << "\n";
    if (!c.failure.empty()) out << "    failure: " << pulse::one_line(c.failure) << "\n";
  }
}

nlohmann::ordered_json to_json(const PipelineStatus& ps) {
  nlohmann::ordered_json j;
  j["pipeline"] = ps.pipeline;
  j["sink"] = ps.sink;
  j["plugin"] = ps.plugin;
  j["error"] = ps.read ? nlohmann::ordered_json(nullptr)
                       : nlohmann::ordered_json{{"class", ps.read.error_class}, {"detail", ps.read.detail}};
  j["cycles"] = nlohmann::ordered_json::array();
  for (const CycleRecord& c : ps.cycles) {
    nlohmann::ordered_json cj;
    cj["started_at"] = utc(c.started_at, "%Y-%m-%dT%H:%M:%SZ");
    cj["finished_at"] = utc(c.finished_at, "%Y-%m-%dT%H:%M:%SZ");
    cj["strategy"] = c.strategy;
    cj["status"] = c.status;
    cj["pulse"] = c.pulse;
    cj["rows_written"] = c.rows_written;
    cj["seconds"] = seconds_between(c.started_at, c.finished_at);
    cj["counts"] = nlohmann::ordered_json::object();
    for (const auto& [name, value] : c.counts) cj["counts"][name] = value;
    cj["failure"] = c.failure.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.failure);
    j["cycles"].push_back(std::move(cj));
  }
  return j;
}

}  // namespace

int status(const StatusOptions& o, std::ostream& out) {
  config::Config cfg = config::load(o.config);
  Host host(cfg);
  std::vector<std::string> names;
  if (o.pipeline) {
    names.push_back(*o.pipeline);
  } else {
    for (const auto& [section, body] : cfg.tree)
      if (section.rfind("pipeline.", 0) == 0) names.push_back(section.substr(9));
    if (names.empty()) throw config::ConfigError("config " + cfg.file.string() + ": no [pipeline.NAME] section");
  }
  std::vector<PipelineStatus> all;
  for (const auto& name : names) all.push_back(ask(host, cfg, name, o.limit));
  int code = 0;
  for (const auto& ps : all)
    if (!ps.read && ps.read.error_class != "Unsupported") code = 1;
  if (o.json) {
    nlohmann::ordered_json j;
    j["pipelines"] = nlohmann::ordered_json::array();
    for (const auto& ps : all) j["pipelines"].push_back(to_json(ps));
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    for (const auto& ps : all) print_text(ps, out);
  }
  return code;
}

}  // namespace tecsync::commands
