#pragma once
/// @file
/// `tecsync check [--config FILE] [--pipeline P] [--json]`: validates the
/// configuration and tests connectivity, printing one line per thing tested:
///
///   ✅ config: 14 keys in 3 files valid (/etc/tecsync/tecsync.conf, …)
///   ✅ plugins: 3 loaded from /usr/lib/tecsync/plugins (air, odoo_sql, pricing)
///   ✅ source air (plugin air): feed reachable and authenticated: …
///   ❌ sink odoo (plugin odoo_sql): stock.location 'WH/Air Córdoba' … does not exist …
///
/// Steps: load the config (main file + conf.d), load the plugins, validate
/// every section (or those of `--pipeline`), and — only when the config is
/// valid — build each instance (every configured one, or the pipeline's) and
/// call its `check()`, which must not write. Exit: 0 everything passed
/// (warnings allowed), 1 a connectivity or setup test failed (or a needed
/// plugin was refused), 2 configuration errors (nothing was connected to).
/// With `--json`, one object: `{"exit_code":n,"items":[{"area","what","status"}]}`
/// with status `ok` | `warning` | `failed`.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

namespace tecsync::commands {

struct CheckOptions {
  std::filesystem::path config;
  std::optional<std::string> pipeline;
  bool json = false;
};

/// Runs the check; never throws.
int check(const CheckOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tecsync::commands
