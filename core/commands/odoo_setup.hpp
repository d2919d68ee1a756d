#pragma once
/// @file
/// `tecsync odoo setup [--config FILE] --sink NAME [--json]`: asks the sink
/// instance `[sink.NAME]` to create, idempotently, what it needs in its target
/// (`Sink::provision`: custom fields, locations, the supplier partner), and
/// prints one line per thing:
///
///   ✅ created field x_tecsync_pulse on product.template
///   ✅ present location WH/Air Córdoba
///   ❌ supplier partner Air Computers — AccessError: …
///   setup: 2 ok, 1 failed (exit 1)
///
/// Steps, as `run` builds a stage: load the config (main file + conf.d) and
/// the plugins, validate `[tecsync]` and `[sink.NAME]` against the declared
/// keys, build the instance with the host's services (logger, HTTP client,
/// cancellation on SIGINT/SIGTERM), call `provision`.
/// Exit: 0 every item ok; 1 an item or the call failed at run time (Odoo
/// unreachable, access refused, the plugin refused to load); 2 usage or
/// configuration: no such sink section, not a sink plugin, invalid keys, the
/// plugin refused its config (`PluginConfigError`), or a sink with nothing to
/// set up (`Unsupported`).
/// `--json`: one object `{"exit_code":n,"sink":…,"plugin":…,"items":[{"what",
/// "status":"ok"|"skipped"|"failed","class","detail"}],"failure":null|{"class","detail"}}`.

#include <filesystem>
#include <iosfwd>
#include <string>

namespace tecsync::commands {

struct OdooSetupOptions {
  std::filesystem::path config;
  std::string sink;  ///< instance name: `[sink.NAME]`
  bool json = false;
};

/// The command's help text.
extern const char* const kOdooSetupHelp;

/// Runs the setup; never throws. Configuration errors go to `err`, the report to `out`.
int odoo_setup(const OdooSetupOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tecsync::commands
