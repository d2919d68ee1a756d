#pragma once
/// @file
/// The `tecsync` command line.
///
///   tecsync run [--config FILE] --pipeline NAME [--json]
///   tecsync check [--config FILE] [--pipeline NAME] [--json]
///   tecsync plugins [--config FILE | --plugin-path DIR] [--describe NAME [--json]]
///   tecsync --version | --help | <command> --help
///
/// `--config` defaults to `$TECSYNC_CONFIG`, else `/etc/tecsync/tecsync.conf`;
/// `conf.d/*.conf` beside it is merged in (config/config.hpp). `check` exits 0
/// when every test passed, 1 when a connectivity/setup test failed, 2 on
/// configuration errors (commands/check.hpp).
///
/// Exit codes: 0 OK / OK_WITH_WARNINGS (and `plugins` with nothing refused);
/// 1 FAILED (and `plugins` with a refusal); 2 usage or configuration error
/// (including a plugin refusing its own config: `PluginConfigError`); 75 SKIPPED
/// (EX_TEMPFAIL: try again later). Results go to stdout, the log to stderr.

#include <iosfwd>

namespace tecsync::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitSkipped = 75;

/// Runs the command line; never throws. `out` gets results, `err` usage errors.
int main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace tecsync::cli
