#include "commands/observed_run.hpp"

#include "observability/metrics.hpp"
#include "observability/progress.hpp"

namespace tecsync::commands {

ObservedRun run_observed(Host& host, const std::string& pipeline, const Cancellation& cancel, bool json, bool dry_run,
                         std::size_t change_detail_limit) {
  ObservedRun out;
  obs::Progress progress(!json && obs::Progress::stderr_is_terminal());
  RunOptions options;
  options.dry_run = dry_run;
  options.change_detail_limit = change_detail_limit;
  options.progress = &progress;
  options.changes = &out.changes;
  host.set_run_options(options);
  try {
    out.result = host.run(pipeline, cancel);
  } catch (...) {
    progress.finish();
    host.set_run_options({});
    throw;
  }
  progress.finish();
  host.set_run_options({});
  const auto& dir = host.settings().metrics_dir;
  if (!dry_run && !dir.empty()) {
    try {
      obs::write_metrics(dir, obs::metrics_of(pipeline, out.result, std::chrono::system_clock::now()));
    } catch (const std::exception& e) {
      host.log().warn(std::string(e.what()) + " ([tecsync] metrics_dir; the cycle itself is unaffected)");
    }
  }
  return out;
}

}  // namespace tecsync::commands
