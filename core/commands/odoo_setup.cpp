#include "commands/odoo_setup.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "host.hpp"
#include "observability/cancel.hpp"
#include "observability/pulse.hpp"

namespace tecsync::commands {

const char* const kOdooSetupHelp =
    "Usage: tecsync odoo setup [--config FILE] --sink NAME [--json]\n"
    "\n"
    "Creates in Odoo, through the sink's API and idempotently, what [sink.NAME]\n"
    "needs: custom fields (x_tecsync_pulse, x_tecsync_mpn), the mapped stock\n"
    "locations, the supplier partner. Prints one line per thing:\n"
    "  ✅ created …   ✅ present …   ❌ … — <Class>: <detail>\n"
    "then `setup: N ok, M failed (exit E)`. --json: one object\n"
    "  {\"exit_code\":n,\"sink\":…,\"plugin\":…,\"items\":[{\"what\",\"status\",\"class\",\"detail\"}],\n"
    "   \"failure\":null|{\"class\",\"detail\"}}\n"
    "Exit codes: 0 everything ok; 1 something failed (Odoo unreachable, access refused…);\n"
    "2 usage or configuration (unknown sink, invalid keys, a sink with nothing to set up).\n";

namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2;

const char* outcome_word(Outcome o) { return o == Outcome::ok ? "ok" : o == Outcome::skipped ? "skipped" : "failed"; }

std::string why(const Status& s) {
  if (s.error_class.empty()) return s.detail;
  return s.error_class + (s.detail.empty() ? "" : ": " + s.detail);
}

// A failure of the whole call (not of an item) that an admin must fix in the config.
bool config_failure(const Status& s) {
  return s.error_class == "Unsupported" || s.error_class == "PluginConfigError" || s.area == FailureArea::config;
}

struct SetupResult {
  std::string plugin;
  std::vector<ReportItem> items;
  Status call;  ///< what provision (or building the instance) returned
  int exit_code = kOk;
};

void print(const OdooSetupOptions& o, const SetupResult& r, std::ostream& out) {
  if (o.json) {
    nlohmann::ordered_json j;
    j["exit_code"] = r.exit_code;
    j["sink"] = o.sink;
    j["plugin"] = r.plugin;
    j["items"] = nlohmann::ordered_json::array();
    for (const auto& item : r.items)
      j["items"].push_back({{"what", item.what},
                            {"status", outcome_word(item.status.outcome)},
                            {"class", item.status.error_class},
                            {"detail", item.status.detail}});
    if (r.call.is_ok())
      j["failure"] = nullptr;
    else
      j["failure"] = {{"class", r.call.error_class}, {"detail", r.call.detail}};
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  int ok = 0, bad = 0;
  for (const auto& item : r.items) {
    if (item.status.is_ok()) {
      out << "✅ " << item.what << "\n";
      ++ok;
    } else {
      out << (item.status.outcome == Outcome::skipped ? "⚠️ " : "❌ ") << item.what;
      if (std::string w = why(item.status); !w.empty()) out << " — " << w;
      out << "\n";
      ++bad;
    }
  }
  // A call that failed without saying which item: its reason on a line of its own.
  if (!r.call.is_ok() && bad == 0) {
    out << "❌ sink " << o.sink << " (plugin " << r.plugin << "): " << why(r.call) << "\n";
    ++bad;
  }
  out << "setup: " << ok << " ok, " << bad << " failed (exit " << r.exit_code << ")\n";
}

}  // namespace

int odoo_setup(const OdooSetupOptions& options, std::ostream& out, std::ostream& err) {
  try {
    Host host(config::load(options.config));
    const config::Config& cfg = host.config();
    const std::string section = "sink." + options.sink;
    if (!cfg.section(section)) {
      err << "tecsync odoo setup: " << cfg.file.string() << ": no sink '" << options.sink << "' (section [" << section
          << "])\n";
      return kUsage;
    }
    const plugins::Catalog& cat = host.catalog();
    config::Validation v = config::validate(cfg, plugin_lookup(cat), {"tecsync", section});
    if (!v.ok()) {
      err << "tecsync odoo setup: configuration errors:\n" << v.errors_text() << "\n";
      return kUsage;
    }

    SetupResult r;
    r.plugin = cfg.get(section, "plugin").value_or("");
    const plugins::LoadedPlugin* p = cat.find(r.plugin);
    if (!p) {
      if (const plugins::Refusal* refused = cat.refusal_for(r.plugin)) {
        r.call = Status::failed(FailureArea::plugin, refused->error_class, refused->reason);
        r.exit_code = kFailed;
        print(options, r, out);
        return r.exit_code;
      }
      err << "tecsync odoo setup: " << cfg.where(section) << ": [" << section << "] plugin: no plugin named '"
          << r.plugin << "' in " << cat.dir.string() << "\n";
      return kUsage;
    }
    if (p->kind != PluginKind::sink) {
      err << "tecsync odoo setup: [" << section << "] plugin: '" << r.plugin << "' is a " << to_string(p->kind)
          << ", not a sink\n";
      return kUsage;
    }

    // The services a run would give the sink; they outlive the instance.
    obs::SignalCancellation::install_signal_handlers();
    obs::SignalCancellation cancel;
    CommandInstance built(host, *p, section, options.sink, "odoo setup", Strategy::deep, cancel);
    r.call = built.built();
    plugins::Instance& inst = built.instance();
    if (r.call.is_ok()) r.call = inst.sink->provision(r.items);

    bool item_failed = false;
    for (const auto& item : r.items) item_failed = item_failed || item.status.outcome == Outcome::failed;
    if (!r.call.is_ok() && !item_failed && config_failure(r.call))
      r.exit_code = kUsage;
    else if (!r.call.is_ok() || item_failed)
      r.exit_code = kFailed;
    print(options, r, out);
    return r.exit_code;
  } catch (const config::ConfigError& e) {
    err << "tecsync odoo setup: " << e.what() << "\n";
    return kUsage;
  } catch (const plugins::PluginDirError& e) {
    err << "tecsync odoo setup: " << e.what() << "\n";
    return kUsage;
  } catch (const std::exception& e) {
    err << "tecsync odoo setup: internal error: " << e.what() << "\n";
    return kFailed;
  }
}

}  // namespace tecsync::commands
