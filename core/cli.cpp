#include "cli.hpp"

#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands/check.hpp"
#include "commands/describe.hpp"
#include "commands/dry_run.hpp"
#include "commands/observed_run.hpp"
#include "commands/odoo_setup.hpp"
#include "commands/status.hpp"
#include "host.hpp"
#include "observability/cancel.hpp"

namespace tecsync::cli {

namespace {

constexpr const char* kHelp = "tecsync " TECSYNC_VERSION
                              " — supplier catalogs into Odoo, through plugins\n"
                              "\n"
                              "Usage:\n"
                              "  tecsync run [--config FILE] --pipeline NAME [--json]\n"
                              "                         run one cycle of [pipeline.NAME] and print what it did\n"
                              "  tecsync dry-run [--config FILE] --pipeline NAME [--limit N] [--json]\n"
                              "                         a full cycle rolled back: what run would change\n"
                              "  tecsync status [--config FILE] [--pipeline NAME] [--limit N] [--json]\n"
                              "                         the last cycles of each pipeline, from the sink's history\n"
                              "  tecsync check [--config FILE] [--pipeline NAME] [--json]\n"
                              "                         validate every key, then test feeds, databases, locations\n"
                              "  tecsync plugins [--config FILE | --plugin-path DIR]\n"
                              "                         list each *.so in plugin_path: loaded, or refused and why\n"
                              "  tecsync plugins --describe NAME [--json]\n"
                              "                         a plugin's config keys: type, default or required, meaning\n"
                              "  tecsync odoo setup [--config FILE] --sink NAME [--json]\n"
                              "                         create what [sink.NAME] needs in Odoo: fields, locations\n"
                              "  tecsync --version      print the version and plugin ABI\n"
                              "  tecsync --help         this text; `tecsync run --help` for the run command\n"
                              "\n"
                              "Exit codes of run:\n"
                              "  0   OK or OK_WITH_WARNINGS\n"
                              "  1   FAILED at run time (supplier API or feed, database down or locked too long…)\n"
                              "  2   usage, configuration or setup an admin must fix: command line, config file,\n"
                              "      plugin keys (PluginConfigError), Odoo target not set up (TargetCheckError:\n"
                              "      missing location, supplier or user)\n"
                              "  75  SKIPPED (e.g. the pipeline is already running)\n"
                              "\n"
                              "Configuration: --config FILE (default $TECSYNC_CONFIG, else /etc/tecsync/tecsync.conf)\n"
                              "plus every conf.d/*.conf beside it, in name order, merged. A key set twice (in one\n"
                              "file or two) is an error naming both places: no silent override. Unknown sections\n"
                              "and keys are errors naming file and line (`tecsync check` lists them all).\n";

constexpr const char* kRunHelp =
    "Usage: tecsync run [--config FILE] --pipeline NAME [--json]\n"
    "\n"
    "Loads the plugins in [tecsync] plugin_path, builds [pipeline.NAME] (source →\n"
    "transforms → sink) and runs one cycle. FILE defaults to $TECSYNC_CONFIG, else\n"
    "/etc/tecsync/tecsync.conf; conf.d/*.conf beside it is merged in. The sections the\n"
    "pipeline uses are validated first (unknown key or bad value: exit 2 naming file:line).\n"
    "Prints to stdout:\n"
    "  status: OK | OK_WITH_WARNINGS | SKIPPED:<Class> | FAILED:<Class>\n"
    "  pulse: <emoji-pulse> · <strategy> · <UTC time>\n"
    "  <counter>: <n>          one line per count (the sink's, then rows_read, rejects, …)\n"
    "  rows_written: <n>\n"
    "  seconds: <s>\n"
    "  failure: <Class> at <where>: <detail>     (only when SKIPPED/FAILED)\n"
    "With --json, one JSON object instead:\n"
    "  {\"status\":…,\"pulse\":…,\"counts\":{…},\"rows_written\":n,\"seconds\":x,\n"
    "   \"failure\":{\"class\":…,\"detail\":…,\"at\":…} or null}\n"
    "Exit codes: 0 OK or OK_WITH_WARNINGS; 1 FAILED at run time; 2 usage, configuration or\n"
    "setup an admin must fix (config file, PluginConfigError, TargetCheckError — status\n"
    "FAILED:<Class> all the same); 75 SKIPPED.\n"
    "SIGINT/SIGTERM cancel the cycle cleanly (nothing lands).\n";

constexpr const char* kCheckHelp =
    "Usage: tecsync check [--config FILE] [--pipeline NAME] [--json]\n"
    "\n"
    "Loads the config (FILE plus conf.d/*.conf beside it) and the plugins, validates\n"
    "every section and key (or those [pipeline.NAME] uses) against the declared keys —\n"
    "unknown keys and sections, types, required keys, each named by file:line — then\n"
    "builds each instance and runs its own test (feed reachable and login accepted,\n"
    "database reachable, Odoo locations/supplier/user present). Nothing is written.\n"
    "One line per test:  ✅|⚠️|❌ <area>: <what was tested>\n"
    "A literal password in a file other users can read is a ⚠️ warning.\n"
    "With --json: {\"exit_code\":n,\"items\":[{\"area\",\"what\",\"status\":ok|warning|failed}]}\n"
    "Exit codes: 0 all passed (warnings allowed); 1 a connectivity/setup test failed;\n"
    "2 configuration errors (then nothing is connected to).\n";

constexpr const char* kPluginsHelp =
    "Usage: tecsync plugins [--config FILE | --plugin-path DIR] [--describe NAME [--json]]\n"
    "\n"
    "Lists every *.so in the plugin directory, one per line:\n"
    "  loaded  <name> <kind> <version> ABI <major.minor> <file>\n"
    "  refused <file> <PluginLoadError.Class>: <reason>\n"
    "Exit code 0 when every file loaded, 1 when one was refused, 2 on a usage/config error.\n"
    "Unset ${VAR}s in the config are read as empty: listing needs no secrets.\n"
    "With --describe NAME: the plugin's name, kind, version, description and every\n"
    "config key it declares (name, type, default or required, choices, meaning);\n"
    "--json for one JSON object. Without --config/--plugin-path the default config's\n"
    "plugin_path is used when that file exists, else the default plugin folder.\n";

struct Args {
  std::string command;
  std::string subcommand;                      // `setup` of `tecsync odoo setup`
  std::map<std::string, std::string> options;  // --name value
  bool json = false;
  bool help = false;
};

std::optional<std::string> parse_args(int argc, const char* const* argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      a.help = true;
    } else if (arg == "--json") {
      a.json = true;
    } else if (arg == "--version" && a.command.empty()) {
      a.command = "--version";
    } else if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      std::string value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return "option --" + name + " needs a value";
      }
      if (name == "limit") {
        a.options[name] = value;
        continue;
      }
      if (name != "config" && name != "pipeline" && name != "plugin-path" && name != "describe" && name != "sink")
        return "unknown option --" + name;
      a.options[name] = value;
    } else if (a.command.empty()) {
      a.command = arg;
    } else if (a.command == "odoo" && a.subcommand.empty()) {
      a.subcommand = arg;
    } else {
      return "unexpected argument '" + arg + "'";
    }
  }
  return std::nullopt;
}

// The one rule: 2 when an admin must fix configuration or setup before any
// retry can help (config area: PluginConfigError, TargetCheckError), 1 for
// every other failure, which a later run may not meet.
int exit_code(const RunResult& r) {
  switch (r.failure.outcome) {
    case Outcome::ok:
      return kExitOk;
    case Outcome::skipped:
      return kExitSkipped;
    case Outcome::failed:
      return r.failure.error_class == "PluginConfigError" || r.failure.area == FailureArea::config ? kExitUsage
                                                                                                   : kExitFailed;
  }
  return kExitFailed;
}

std::string seconds_text(double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(3) << s;
  return o.str();
}

void print_text(const RunResult& r, std::ostream& out) {
  out << "status: " << r.status << "\n";
  out << "pulse: " << r.pulse_text << "\n";
  for (const auto& [name, value] : r.counts) out << name << ": " << value << "\n";
  out << "rows_written: " << r.rows_written << "\n";
  out << "seconds: " << seconds_text(r.seconds) << "\n";
  if (!r.failure.is_ok())
    out << "failure: " << r.failure.error_class << " at " << r.failure_point << ": " << r.failure.detail << "\n";
}

void print_json(const RunResult& r, std::ostream& out) {
  nlohmann::ordered_json j;
  j["status"] = r.status;
  j["pulse"] = r.pulse_text;
  j["counts"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : r.counts) j["counts"][name] = value;
  j["rows_written"] = r.rows_written;
  j["seconds"] = r.seconds;
  if (r.failure.is_ok()) {
    j["failure"] = nullptr;
  } else {
    j["failure"] = {{"class", r.failure.error_class}, {"detail", r.failure.detail}, {"at", r.failure_point}};
  }
  // Replace, not throw, on invalid UTF-8 from a feed in a detail string.
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// --config, else $TECSYNC_CONFIG, else /etc/tecsync/tecsync.conf.
std::filesystem::path config_path(const Args& a) {
  auto it = a.options.find("config");
  return it != a.options.end() ? std::filesystem::path(it->second) : config::default_config_path();
}

int cmd_run(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << kRunHelp;
    return kExitOk;
  }
  auto pipe_it = a.options.find("pipeline");
  if (pipe_it == a.options.end()) {
    err << "tecsync run: --pipeline NAME is required\n" << kRunHelp;
    return kExitUsage;
  }
  obs::SignalCancellation::install_signal_handlers();
  obs::SignalCancellation cancel;
  Host host(config::load(config_path(a)));
  RunResult r = commands::run_observed(host, pipe_it->second, cancel, a.json).result;
  if (a.json)
    print_json(r, out);
  else
    print_text(r, out);
  return exit_code(r);
}

int cmd_odoo(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.subcommand != "setup") {
    (a.help ? out : err) << (a.subcommand.empty() ? "" : "tecsync odoo: unknown command '" + a.subcommand + "'\n")
                         << commands::kOdooSetupHelp;
    return a.help && a.subcommand.empty() ? kExitOk : kExitUsage;
  }
  if (a.help) {
    out << commands::kOdooSetupHelp;
    return kExitOk;
  }
  auto sink = a.options.find("sink");
  if (sink == a.options.end()) {
    err << "tecsync odoo setup: --sink NAME is required\n" << commands::kOdooSetupHelp;
    return kExitUsage;
  }
  return commands::odoo_setup({config_path(a), sink->second, a.json}, out, err);
}

int cmd_check(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << kCheckHelp;
    return kExitOk;
  }
  commands::CheckOptions o;
  o.config = config_path(a);
  if (auto it = a.options.find("pipeline"); it != a.options.end()) o.pipeline = it->second;
  o.json = a.json;
  return commands::check(o, out, err);
}

int cmd_plugins(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << kPluginsHelp;
    return kExitOk;
  }
  std::filesystem::path dir;
  // Listing plugins needs no secrets: an unset ${VAR} (in a sink's dsn, say)
  // reads as empty here; only [tecsync] plugin_path matters.
  auto lenient = [](const std::string& name) { return config::process_env(name).value_or(""); };
  auto describe = a.options.find("describe");
  if (auto it = a.options.find("plugin-path"); it != a.options.end()) {
    dir = it->second;
  } else if (auto c = a.options.find("config"); c != a.options.end()) {
    dir = read_settings(config::load(c->second, lenient)).plugin_path;
  } else if (describe != a.options.end()) {
    std::error_code ec;
    std::filesystem::path def = config::default_config_path();
    dir = std::filesystem::exists(def, ec) ? read_settings(config::load(def, lenient)).plugin_path
                                           : default_plugin_path();
  } else {
    err << "tecsync plugins: --config FILE or --plugin-path DIR is required\n" << kPluginsHelp;
    return kExitUsage;
  }
  plugins::Catalog cat = plugins::scan(dir);
  if (describe != a.options.end()) return commands::describe_plugin(cat, describe->second, a.json, out, err);
  out << "plugin_path: " << dir.string() << "\n";
  std::vector<std::pair<std::string, std::string>> lines;  // by file name
  for (const auto& p : cat.loaded) {
    lines.emplace_back(p.file.string(), "loaded  " + p.name + " " + to_string(p.kind) + " " + p.version + " ABI " +
                                            std::to_string(p.abi.major) + "." + std::to_string(p.abi.minor) + " " +
                                            p.file.string());
  }
  for (const auto& r : cat.refused)
    lines.emplace_back(r.file.string(), "refused " + r.file.string() + " " + r.error_class + ": " + r.reason);
  std::sort(lines.begin(), lines.end());
  for (const auto& [file, line] : lines) out << line << "\n";
  if (lines.empty()) out << "(no *.so files)\n";
  return cat.refused.empty() ? kExitOk : kExitFailed;
}

constexpr const char* kDryRunHelp =
    "Usage: tecsync dry-run [--config FILE] --pipeline NAME [--limit N] [--json]\n"
    "\n"
    "Runs one full cycle of [pipeline.NAME] — feed, transforms, the sink's SQL — and\n"
    "rolls the sink's transaction back: nothing changes in Odoo and nothing is recorded\n"
    "in tecsync's history. Prints run's summary, then\n"
    "  would change: <n>\n"
    "    SKU <sku>: list_price <old> → <new>\n"
    "    SKU <sku> @ <location>: quantity <old> → <new> [(absent from the feed)]\n"
    "    … and <m> more\n"
    "the first N (default 20) in detail. --json: run's object plus \"dry_run\":true,\n"
    "\"changes\":[lines], \"changes_total\":n. A sink that cannot roll back is refused\n"
    "(exit 2). Exit codes otherwise as run.\n";

constexpr const char* kStatusHelp =
    "Usage: tecsync status [--config FILE] [--pipeline NAME] [--limit N] [--json]\n"
    "\n"
    "The last N (default 5) cycles of every pipeline (or of NAME), newest first, read\n"
    "by the pipeline's sink from its history (odoo_sql: tecsync.cycle): start time (UTC),\n"
    "strategy, status, rows written, duration, pulse, failure. --json: one object\n"
    "{\"pipelines\":[{\"pipeline\",\"sink\",\"plugin\",\"error\",\"cycles\":[{\"started_at\",\n"
    "\"finished_at\",\"strategy\",\"status\",\"pulse\",\"rows_written\",\"seconds\",\"counts\",\n"
    "\"failure\"}]}]}. Exit codes: 0 read; 1 a sink could not read its history; 2 usage/config.\n";

std::size_t limit_option(const Args& a, std::size_t fallback) {
  auto it = a.options.find("limit");
  if (it == a.options.end()) return fallback;
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(it->second, &used);
  } catch (const std::exception&) {
  }
  if (n < 0 || used != it->second.size()) throw config::ConfigError("--limit: expected a whole number ≥ 0");
  return static_cast<std::size_t>(n);
}

int cmd_dry_run(const Args& a, std::ostream& out, std::ostream& err) {
  if (a.help) {
    out << kDryRunHelp;
    return kExitOk;
  }
  auto pipe_it = a.options.find("pipeline");
  if (pipe_it == a.options.end()) {
    err << "tecsync dry-run: --pipeline NAME is required\n" << kDryRunHelp;
    return kExitUsage;
  }
  commands::DryRunOptions o{config_path(a), pipe_it->second, limit_option(a, 20), a.json};
  return commands::dry_run(o, {print_text, print_json, exit_code}, out);
}

int cmd_status(const Args& a, std::ostream& out) {
  if (a.help) {
    out << kStatusHelp;
    return kExitOk;
  }
  commands::StatusOptions o;
  o.config = config_path(a);
  if (auto it = a.options.find("pipeline"); it != a.options.end()) o.pipeline = it->second;
  o.limit = limit_option(a, 5);
  o.json = a.json;
  return commands::status(o, out);
}

}  // namespace

int main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    Args a;
    if (auto problem = parse_args(argc, argv, a)) {
      err << "tecsync: " << *problem << "\n" << kHelp;
      return kExitUsage;
    }
    if (a.command == "--version") {
      out << "tecsync " << TECSYNC_VERSION << " (plugin ABI " << kAbi.major << "." << kAbi.minor << ")\n";
      return kExitOk;
    }
    if (a.command.empty()) {
      (a.help ? out : err) << kHelp;
      return a.help ? kExitOk : kExitUsage;
    }
    if (a.command == "run") return cmd_run(a, out, err);
    if (a.command == "plugins") return cmd_plugins(a, out, err);
    if (a.command == "dry-run") return cmd_dry_run(a, out, err);
    if (a.command == "status") return cmd_status(a, out);
    if (a.command == "check") return cmd_check(a, out, err);
    if (a.command == "odoo") return cmd_odoo(a, out, err);
    if (a.command == "help") {
      out << kHelp;
      return kExitOk;
    }
    err << "tecsync: unknown command '" << a.command << "'\n" << kHelp;
    return kExitUsage;
  } catch (const config::ConfigError& e) {
    err << "tecsync: " << e.what() << "\n";
    return kExitUsage;
  } catch (const plugins::PluginDirError& e) {
    err << "tecsync: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "tecsync: internal error: " << e.what() << "\n";
    return kExitFailed;
  }
}

}  // namespace tecsync::cli
