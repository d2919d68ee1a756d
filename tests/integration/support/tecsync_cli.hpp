#pragma once
/// @file
/// Drives the real `tecsync` binary: writes a flash config for the Air →
/// pricing → Odoo pipeline, runs `tecsync run … --json` and reads its summary.

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

namespace tecsync::it {

class AirServer;
class TestDatabase;

/// The variable parts of a test's config; everything else is the contract's.
struct FlashConfig {
  std::string form = "api";  ///< api | sheet
  std::string url;           ///< API base URL or sheet URL
  std::string user = "reseller";
  std::string password = "s3cret";
  std::string warehouse_cba = "cba";
  std::string warehouse_bue = "lug";
  std::string rate = "air";  ///< air | odoo | fixed:<n>
  std::string margin_percent = "30";
  std::string dsn;  ///< the test database's conninfo
};

/// Writes `dir/name` with plugin_path = the build tree's plugin folder.
std::filesystem::path write_flash_config(const std::filesystem::path& dir, const std::string& name,
                                         const FlashConfig& config);

/// The default FlashConfig pointed at the fake Air API `air` (base URL
/// `/v2/`) and the test database `db` — what most end-to-end tests write.
FlashConfig flash_config_for(const AirServer& air, const TestDatabase& db);

/// A finished `tecsync run`: the process and its JSON summary (when stdout had one).
struct RunOutcome {
  ProcessResult process;
  std::optional<nlohmann::json> summary;
  /// `summary["rows_written"]`, or -1 when absent.
  long rows_written() const;
  std::string status() const;
  std::string pulse() const;
};

/// `tecsync run --config <config> --pipeline air_flash --json`.
RunOutcome run_flash(const std::filesystem::path& config, const std::filesystem::path& scratch);

/// `tecsync <args…>` (e.g. {"plugins", "--config", path}).
ProcessResult run_tecsync(const std::vector<std::string>& args, const std::filesystem::path& scratch);

}  // namespace tecsync::it
