#include "pipeline.hpp"

#include <iterator>
#include <optional>
#include <vector>

namespace tecsync {

namespace {

template <class T>
std::string describe(const char* kind, const Stage<T>& st, const char* call) {
  return std::string(kind) + " '" + st.instance + "' (plugin " + st.plugin + ") " + call + "()";
}

/// Moves `n` records from `from` at `pos` to `to`, advancing `pos`.
template <class T>
void take(std::vector<T>& from, std::size_t& pos, std::size_t n, std::vector<T>& to) {
  auto first = from.begin() + static_cast<std::ptrdiff_t>(pos);
  to.assign(std::make_move_iterator(first), std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
  pos += n;
}

Status normalized(Status s) {
  if (!s.is_ok() && s.error_class.empty())
    s.error_class = s.area == FailureArea::plugin ? "PluginRuntimeError" : "Error";
  return s;
}

// The emitter a source writes into: runs transforms, then the sink, and
// remembers the first failure and where it happened.
class CycleEmitter final : public Emitter {
 public:
  CycleEmitter(const PipelineSpec& spec, PipelineStages& stages, const CycleInfo& cycle, obs::CycleCounters& counters,
               const Cancellation& cancel, Logger& log)
      : spec_(spec), stages_(stages), cycle_(cycle), counters_(counters), cancel_(cancel), log_(log) {}

  Status facts(const StreamFacts& facts) noexcept override {
    try {
      facts_ = facts;
    } catch (...) {
      return fail(Status::failed(FailureArea::plugin, "PluginRuntimeError", "out of memory copying stream facts"),
                  "host");
    }
    if (failure_) return *failure_;
    return ensure_begun();
  }

  Status emit(OfferBatch&& batch) noexcept override {
    if (failure_) return *failure_;
    if (cancel_.requested())
      return fail(Status::skipped(FailureArea::none, "Cancelled", "cancelled by signal"), "host");
    if (Status s = ensure_begun(); !s) return s;
    try {
      if (batch.offers.size() + batch.contents.size() <= spec_.batch_size) return process(batch);
      // An oversized batch is cut so that no stage ever sees more than
      // batch_size records: offers first, then contents, in the source's order.
      std::size_t offer_pos = 0, content_pos = 0;
      bool first = true;
      while (offer_pos < batch.offers.size() || content_pos < batch.contents.size()) {
        OfferBatch piece;
        std::size_t n = std::min(spec_.batch_size, batch.offers.size() - offer_pos);
        take(batch.offers, offer_pos, n, piece.offers);
        std::size_t m = std::min(spec_.batch_size - n, batch.contents.size() - content_pos);
        take(batch.contents, content_pos, m, piece.contents);
        if (first) {
          piece.rejects = std::move(batch.rejects);
          piece.warnings = std::move(batch.warnings);
        }
        first = false;
        if (Status s = process(piece); !s) return s;
      }
      return Status::ok();
    } catch (const std::exception& e) {
      return fail(Status::failed(FailureArea::plugin, "PluginRuntimeError", std::string("host: ") + e.what()), "host");
    }
  }

  std::size_t batch_size() const noexcept override { return spec_.batch_size; }

  /// Begins the sink if no fact or batch did (a feed that emitted nothing).
  Status ensure_begun() noexcept {
    if (begun_) return begin_status_;
    begun_ = true;
    begin_status_ = stages_.sink.object->begin(cycle_, facts_);
    if (!begin_status_) fail(begin_status_, describe("sink", stages_.sink, "begin"));
    return begin_status_;
  }

  bool begun() const { return begun_; }
  const std::optional<Status>& failure() const { return failure_; }
  const std::string& failure_point() const { return failure_point_; }
  Status fail(Status s, std::string point) {
    if (!failure_) {
      failure_ = normalized(std::move(s));
      failure_point_ = std::move(point);
    }
    return *failure_;
  }

 private:
  /// Logs a row issue: the first kIssuesLogged of the cycle in full, then only counts.
  void log_issue(const char* kind, const RowIssue& r, const std::string& sku) {
    if (issues_logged_ >= kIssuesLogged) {
      ++issues_unlogged_;
      return;
    }
    ++issues_logged_;
    log_.warn(std::string(kind) + " " + r.origin.resource + " line " + std::to_string(r.origin.line) + ", SKU '" + sku +
              "': " + r.code + (r.detail.empty() ? "" : ": " + pulse::one_line(r.detail)));
  }

 public:
  static constexpr std::int64_t kIssuesLogged = 20;
  std::int64_t issues_unlogged() const { return issues_unlogged_; }

 private:
  Status process(OfferBatch& batch) {
    // Rows read = what the source handed on: offers, contents, rejects, and
    // dropped repeats. Contents are also counted on their own.
    counters_.add("rows_read", static_cast<std::int64_t>(batch.offers.size() + batch.contents.size() +
                                                         batch.rejects.size() + batch.warnings.size()));
    if (!batch.contents.empty()) counters_.add("contents_read", static_cast<std::int64_t>(batch.contents.size()));
    for (auto& t : stages_.transforms) {
      if (cancel_.requested())
        return fail(Status::skipped(FailureArea::none, "Cancelled", "cancelled by signal"), "host");
      Status s = t.object->apply(batch, facts_);
      if (!s) return fail(std::move(s), describe("transform", t, "apply"));
    }
    auto warnings = static_cast<std::int64_t>(batch.warnings.size());
    for (const Offer& o : batch.offers) warnings += static_cast<std::int64_t>(o.warnings.size());
    for (const ProductContent& c : batch.contents) warnings += static_cast<std::int64_t>(c.warnings.size());
    counters_.add("rejects", static_cast<std::int64_t>(batch.rejects.size()));
    if (warnings) counters_.add("warnings", warnings);
    for (const RowIssue& r : batch.rejects) log_issue("reject", r, r.sku);
    for (const RowIssue& w : batch.warnings) log_issue("warning", w, w.sku);
    for (const Offer& o : batch.offers)
      for (const RowIssue& w : o.warnings) log_issue("warning", w, w.sku.empty() ? o.sku : w.sku);
    for (const ProductContent& c : batch.contents)
      for (const RowIssue& w : c.warnings) log_issue("warning", w, w.sku.empty() ? c.sku : w.sku);
    Status s = stages_.sink.object->write(batch);
    if (!s) return fail(std::move(s), describe("sink", stages_.sink, "write"));
    return s;
  }

  const PipelineSpec& spec_;
  PipelineStages& stages_;
  const CycleInfo& cycle_;
  obs::CycleCounters& counters_;
  const Cancellation& cancel_;
  Logger& log_;
  std::int64_t issues_logged_ = 0;
  std::int64_t issues_unlogged_ = 0;
  StreamFacts facts_;
  bool begun_ = false;
  Status begin_status_;
  std::optional<Status> failure_;
  std::string failure_point_;
};

void merge_counts(RunResult& r, const CycleSummary& summary, const obs::CycleCounters& counters, Strategy strategy) {
  r.counts = summary.counts;
  std::vector<const char*> always = {"rows_read", "rejects"};
  if (strategy == Strategy::deep) always.push_back("contents_read");
  for (const char* host_counter : always) {
    bool present = false;
    for (const auto& [n, v] : r.counts) present = present || n == host_counter;
    if (!present) r.counts.emplace_back(host_counter, counters.get(host_counter));
  }
  for (const auto& [name, value] : counters.snapshot()) {
    bool present = false;
    for (const auto& [n, v] : r.counts) present = present || n == name;
    if (!present) r.counts.emplace_back(name, value);
  }
}

}  // namespace

std::string status_string(const Status& s, bool warnings) {
  switch (s.outcome) {
    case Outcome::ok:
      return warnings ? "OK_WITH_WARNINGS" : "OK";
    case Outcome::skipped:
      return "SKIPPED:" + (s.error_class.empty() ? std::string("Skipped") : s.error_class);
    case Outcome::failed:
      return "FAILED:" + (s.error_class.empty() ? std::string("Error") : s.error_class);
  }
  return "FAILED:Error";
}

RunResult run_cycle(const PipelineSpec& spec, PipelineStages& stages, obs::CyclePulses& pulses,
                    obs::CycleCounters& counters, const Cancellation& cancel, Logger& log) {
  return run_cycle(spec, stages, CycleInfo{spec.name, spec.strategy, std::chrono::system_clock::now()}, pulses,
                   counters, cancel, log);
}

RunResult run_cycle(const PipelineSpec& spec, PipelineStages& stages, const CycleInfo& cycle, obs::CyclePulses& pulses,
                    obs::CycleCounters& counters, const Cancellation& cancel, Logger& log) {
  // One instant for the whole cycle: every pulse suffix (log, printed pulse,
  // history, per-product field) and the elapsed time count from it.
  pulses.set_started_at(cycle.started_at);
  CycleEmitter emitter(spec, stages, cycle, counters, cancel, log);
  RunResult result;
  CycleSummary summary;

  log.info("cycle " + spec.name + " (" + obs::to_string(spec.strategy) + ") starts: source " + stages.source.instance +
           ", batch size " + std::to_string(spec.batch_size));
  Status read = stages.source.object->read(spec.strategy, emitter);
  if (read && !emitter.failure() && cancel.requested())
    emitter.fail(Status::skipped(FailureArea::none, "Cancelled", "cancelled by signal"), "host");
  if (!read && !emitter.failure()) emitter.fail(read, describe("source", stages.source, "read"));
  if (read && emitter.failure()) {
    // The source ignored a failure that emit() reported: still a failed cycle.
    log.warn("source '" + stages.source.instance + "' returned ok after emit() failed");
  }
  if (!emitter.failure()) emitter.ensure_begun();
  if (!emitter.failure()) {
    // The sink records the cycle inside its commit: give it every warning so far,
    // so that its record and what we print are one and the same.
    for (const Pulse& p : pulses.all())
      if (p.level == PulseLevel::warning) summary.warnings_in.push_back(p);
    Status c = stages.sink.object->commit(summary);
    if (!c) emitter.fail(c, describe("sink", stages.sink, "commit"));
  }
  if (emitter.failure()) {
    stages.sink.object->abort(*emitter.failure());
    result.failure = *emitter.failure();
    result.failure_point = emitter.failure_point();
  }

  merge_counts(result, summary, counters, spec.strategy);
  result.seconds = std::chrono::duration<double>(std::chrono::system_clock::now() - cycle.started_at).count();
  if (result.failure.is_ok()) {
    if (summary.status.empty()) {
      // A sink that does not fold: the host does, with what it saw itself.
      std::vector<Pulse> own;
      if (summary.pulse.level == PulseLevel::warning) own.push_back(summary.pulse);
      const std::int64_t rejects = counters.get("rejects"), warnings = counters.get("warnings");
      if (rejects + warnings > 0)
        own.push_back(pulse::warning(
            "Row Issues", std::to_string(rejects) + " reject(s), " + std::to_string(warnings) + " warning(s)"));
      fold_cycle(summary, own);
    }
    result.status = summary.status;
    result.pulse = summary.pulse;
    result.rows_written = summary.rows_written;
  } else {
    result.status = status_string(result.failure, false);
    result.pulse = pulse::from_status(result.failure);
    const std::string line = "cycle " + spec.name + " " + result.status + " at " + result.failure_point;
    if (result.failure.outcome == Outcome::skipped)
      log.warn(line);  // nothing wrong, nothing written
    else
      log.error(line);
  }
  if (std::int64_t more = emitter.issues_unlogged(); more > 0) {
    std::string where = !summary.issues_at.empty() ? summary.issues_at
                        : result.failure.is_ok()   ? std::string("the sink keeps no list")
                                                   : std::string("not recorded: the cycle did not land");
    log.warn("… and " + std::to_string(more) + " more row issue(s) (" + where + ")");
  }
  result.pulse_text = obs::full_text(result.pulse, spec.strategy, cycle.started_at);
  pulses.emit_once(result.pulse);
  return result;
}

RunResult failed_before_start(const PipelineSpec& spec, const Status& why, std::string failure_point,
                              obs::CyclePulses& pulses) {
  RunResult result;
  result.failure = normalized(why);
  result.failure_point = std::move(failure_point);
  result.status = status_string(result.failure, false);
  result.pulse = pulse::from_status(result.failure);
  result.pulse_text = obs::full_text(result.pulse, spec.strategy, pulses.started_at());
  pulses.emit_once(result.pulse);
  result.counts = {{"rows_read", 0}, {"rejects", 0}};
  if (spec.strategy == Strategy::deep) result.counts.emplace_back("contents_read", 0);
  return result;
}

}  // namespace tecsync
