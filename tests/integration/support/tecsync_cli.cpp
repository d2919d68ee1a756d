#include "support/tecsync_cli.hpp"

#include "support/air_server.hpp"
#include "support/test_database.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tecsync::it {

FlashConfig flash_config_for(const AirServer& air, const TestDatabase& db) {
  FlashConfig config;
  config.url = air.url("/v2/");
  config.dsn = db.conninfo();
  return config;
}

std::filesystem::path write_flash_config(const std::filesystem::path& dir, const std::string& name,
                                         const FlashConfig& c) {
  const auto path = dir / name;
  std::ofstream out(path);
  out << "[tecsync]\n"
      << "plugin_path = " << TECSYNC_IT_PLUGIN_DIR << "\n\n"
      << "[pipeline.air_flash]\nsource = air\ntransforms = pricing\nsink = odoo\nstrategy = flash\n\n"
      << "[source.air]\nplugin = air\nform = " << c.form << "\nurl = " << c.url << "\n";
  if (c.form == "api") out << "user = " << c.user << "\npassword = " << c.password << "\n";
  out << "warehouse.S_CBA = " << c.warehouse_cba << "\nwarehouse.S_BUE = " << c.warehouse_bue << "\n\n"
      << "[transform.pricing]\nplugin = pricing\nmargin_percent = " << c.margin_percent << "\nrate = " << c.rate
      << "\nrounding = 0.01\n\n"
      << "[sink.odoo]\nplugin = odoo_sql\ndsn = " << c.dsn << "\nsupplier = Air Computers\n"
      << "location.S_CBA = WH/Air Córdoba\nlocation.S_BUE = WH/Air Buenos Aires\n";
  if (!out) throw std::runtime_error("cannot write " + path.string());
  return path;
}

long RunOutcome::rows_written() const {
  if (!summary || !summary->contains("rows_written") || !(*summary)["rows_written"].is_number_integer()) return -1;
  return (*summary)["rows_written"].get<long>();
}

std::string RunOutcome::status() const {
  return summary && summary->contains("status") ? summary->at("status").get<std::string>() : "";
}

std::string RunOutcome::pulse() const {
  return summary && summary->contains("pulse") ? summary->at("pulse").get<std::string>() : "";
}

ProcessResult run_tecsync(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  std::vector<std::string> argv{TECSYNC_IT_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, scratch);
}

RunOutcome run_flash(const std::filesystem::path& config, const std::filesystem::path& scratch) {
  RunOutcome outcome{run_tecsync({"run", "--config", config.string(), "--pipeline", "air_flash", "--json"}, scratch),
                     std::nullopt};
  // The summary is one JSON object on stdout; take the last line that is one,
  // in case a log line slipped onto stdout before it.
  std::istringstream lines(outcome.process.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    try {
      outcome.summary = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
    }
  }
  if (!outcome.summary) {
    try {
      outcome.summary = nlohmann::json::parse(outcome.process.out);
    } catch (const nlohmann::json::exception&) {
    }
  }
  return outcome;
}

}  // namespace tecsync::it
