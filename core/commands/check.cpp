#include "commands/check.hpp"

#include <deque>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <vector>

#include "host.hpp"
#include "observability/cancel.hpp"
#include "observability/pulse.hpp"

namespace tecsync::commands {

namespace {

enum class Mark { ok, warning, failed };

struct Line {
  std::string area;  ///< config | plugins | `source air (plugin air)` …
  std::string what;
  Mark mark;
};

constexpr int kOk = 0, kFailed = 1, kConfig = 2;

class Report {
 public:
  void add(std::string area, std::string what, Mark mark) {
    // One line per test: libpq's messages span lines ("…failed: …\n\tIs the server running…").
    std::string flat;
    for (char c : what) {
      if (c == '\n' || c == '\t' || c == '\r') {
        if (!flat.empty() && flat.back() != ' ') flat.push_back(' ');
      } else {
        flat.push_back(c);
      }
    }
    while (!flat.empty() && flat.back() == ' ') flat.pop_back();
    lines_.push_back({std::move(area), std::move(flat), mark});
  }
  void config_error(const std::string& what) {
    add("config", what, Mark::failed);
    code_ = kConfig;
  }
  void failed(std::string area, std::string what) {
    add(std::move(area), std::move(what), Mark::failed);
    if (code_ == kOk) code_ = kFailed;
  }
  // One line per line of a multi-line error (validation problems).
  void config_errors(const std::string& text) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) config_error(l);
  }

  int print(bool json, std::ostream& out) const {
    if (json) {
      nlohmann::ordered_json j;
      j["exit_code"] = code_;
      j["items"] = nlohmann::ordered_json::array();
      for (const auto& l : lines_)
        j["items"].push_back({{"area", l.area},
                              {"what", l.what},
                              {"status", l.mark == Mark::ok        ? "ok"
                                         : l.mark == Mark::warning ? "warning"
                                                                   : "failed"}});
      out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return code_;
    }
    int ok = 0, warn = 0, bad = 0;
    for (const auto& l : lines_) {
      const char* icon = l.mark == Mark::ok ? "✅ " : l.mark == Mark::warning ? "⚠️ " : "❌ ";
      out << icon << l.area << ": " << l.what << "\n";
      (l.mark == Mark::ok ? ok : l.mark == Mark::warning ? warn : bad) += 1;
    }
    out << "check: " << ok << " passed, " << warn << " warning(s), " << bad << " failed"
        << (code_ == kConfig   ? " — configuration errors (exit 2)"
            : code_ == kFailed ? " — a test failed (exit 1)"
                               : " (exit 0)")
        << "\n";
    return code_;
  }

  int code() const { return code_; }

 private:
  std::vector<Line> lines_;
  int code_ = kOk;
};

std::string join_paths(const std::vector<std::filesystem::path>& files) {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ", ") + f.string();
  return out;
}

std::string status_text(const Status& s) {
  if (s.error_class.empty()) return s.detail;
  return s.error_class + (s.detail.empty() ? "" : ": " + s.detail);
}

// The instance sections to build: the pipeline's, or every configured one.
std::vector<std::string> instance_sections(const std::vector<std::string>& sections) {
  std::vector<std::string> out;
  for (const auto& s : sections)
    if (s.rfind("source.", 0) == 0 || s.rfind("transform.", 0) == 0 || s.rfind("sink.", 0) == 0) out.push_back(s);
  return out;
}

// Builds `[section]`'s instance and runs its check(), adding its lines.
void check_instance(Host& host, const plugins::Catalog& cat, const std::string& section, Report& report) {
  const config::Config& cfg = host.config();
  std::string kind = section.substr(0, section.find('.'));
  std::string instance = section.substr(kind.size() + 1);
  std::string plugin = cfg.get(section, "plugin").value_or("");
  std::string area = kind + " " + instance + " (plugin " + plugin + ")";
  const plugins::LoadedPlugin* p = cat.find(plugin);
  if (!p) {
    const plugins::Refusal* r = cat.refusal_for(plugin);
    report.failed(area, r ? "refused: " + r->error_class + ": " + r->reason : "no such plugin");
    return;
  }
  // The services a run would give it; check() must not write, but a plugin
  // may log, count or fetch with them.
  obs::ManualCancellation cancel;
  CommandInstance built_instance(host, *p, section, instance, "check", Strategy::flash, cancel);
  const Status& built = built_instance.built();
  if (!built) {
    // The plugin refused its own config: as in `run`, that is exit 2.
    report.config_error(cfg.where(section) + ": " + area + " cannot be built: " + status_text(built));
    return;
  }
  plugins::Instance& inst = built_instance.instance();
  std::vector<ReportItem> items;
  Status s = inst.source      ? inst.source->check(items)
             : inst.transform ? inst.transform->check(items)
                              : inst.sink->check(items);
  bool failed_item = false;
  for (const auto& item : items) {
    if (item.status.outcome == Outcome::failed) {
      failed_item = true;
      std::string why = status_text(item.status);
      report.failed(area, item.what + (why.empty() ? "" : " — " + why));
    } else if (item.status.outcome == Outcome::skipped) {
      std::string why = status_text(item.status);
      report.add(area, item.what + (why.empty() ? "" : " — " + why), Mark::warning);
    } else {
      report.add(area, item.what, Mark::ok);
    }
  }
  if (!s && !failed_item) report.failed(area, "check failed: " + status_text(s));
  if (s && items.empty()) report.add(area, "built from its config (the plugin tests no connectivity)", Mark::ok);
}

}  // namespace

int check(const CheckOptions& options, std::ostream& out, std::ostream& err) {
  Report report;
  try {
    config::Config cfg = config::load(options.config);
    const std::vector<std::filesystem::path> files = cfg.files;
    Host host(std::move(cfg));  // validates [tecsync]
    const plugins::Catalog& cat = host.catalog();
    std::string names;
    for (const auto& p : cat.loaded) names += (names.empty() ? "" : ", ") + p.name;
    report.add("plugins",
               std::to_string(cat.loaded.size()) + " loaded from " + cat.dir.string() +
                   (names.empty() ? "" : " (" + names + ")"),
               cat.loaded.empty() ? Mark::warning : Mark::ok);
    for (const auto& r : cat.refused)
      report.add("plugins", "refused " + r.file.string() + " " + r.error_class + ": " + r.reason, Mark::warning);

    std::vector<std::string> sections;
    if (options.pipeline) {
      if (!host.config().section("pipeline." + *options.pipeline)) {
        report.config_error(host.config().file.string() + ": no pipeline '" + *options.pipeline +
                            "' (section [pipeline." + *options.pipeline + "])");
        return report.print(options.json, out);
      }
      sections = config::pipeline_sections(host.config(), *options.pipeline);
    } else {
      for (const auto& [name, unused] : host.config().tree) sections.push_back(name);
    }
    config::Validation v = config::validate(host.config(), plugin_lookup(cat), sections);
    for (const auto& e : v.errors) report.config_error(e.text());
    if (v.ok())
      report.add("config",
                 std::to_string(v.keys_valid) + " keys in " + std::to_string(files.size()) + " file(s) valid (" +
                     join_paths(files) + ")",
                 Mark::ok);
    for (const auto& w : v.warnings) report.add("config", w.text(), Mark::warning);
    for (const auto& n : v.notes) report.add("config", n, Mark::warning);
    if (!v.ok()) {
      report.add("connectivity", "not tested: fix the configuration first", Mark::warning);
      return report.print(options.json, out);
    }
    for (const auto& section : instance_sections(sections)) check_instance(host, cat, section, report);
  } catch (const config::ConfigError& e) {
    report.config_errors(e.what());
  } catch (const plugins::PluginDirError& e) {
    report.config_error(e.what());
  } catch (const std::exception& e) {
    err << "tecsync: internal error: " << e.what() << "\n";
    return kFailed;
  }
  return report.print(options.json, out);
}

}  // namespace tecsync::commands
