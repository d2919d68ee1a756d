#pragma once
/// @file
/// The progress line on a terminal during a long cycle, and the sink wrapper
/// that feeds it (and catches a dry run's change list).
///
/// Shown only when stderr is a terminal and the output is not `--json`: a
/// systemd unit, a pipe or a log file never gets it. The line is redrawn at
/// most four times a second as `ESC[K <text> CR`: the cursor stays at column
/// 0, so a log line printed meanwhile overwrites it instead of being glued to
/// its end, and the next tick redraws it below. `finish()` erases it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tecsync/plugin.hpp"

namespace tecsync::obs {

/// `tecsync: 12,345 rows read · 3 batches · 1:02 elapsed` (pure; for tests).
std::string format_progress(std::int64_t rows, std::int64_t batches, std::chrono::milliseconds elapsed);

/// Counts rows and batches (thread-safe) and, when enabled, redraws the line
/// on stderr from a background thread until `finish()` or destruction.
class Progress {
 public:
  /// `enabled` false: only counts (no thread, no output).
  explicit Progress(bool enabled, std::chrono::milliseconds period = std::chrono::milliseconds(250));
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// True when stderr is a terminal (the caller adds: and not --json).
  static bool stderr_is_terminal();

  void add_batch(std::int64_t rows) noexcept;
  std::int64_t rows() const noexcept { return rows_.load(); }
  std::int64_t batches() const noexcept { return batches_.load(); }
  /// Stops redrawing and erases the line (idempotent).
  void finish() noexcept;

 private:
  void loop();
  std::atomic<std::int64_t> rows_{0};
  std::atomic<std::int64_t> batches_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::milliseconds period_;
  bool enabled_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

/// A Sink that forwards every call to `inner`, counting each batch into
/// `progress` (may be null) and copying `CycleSummary::changes` into `changes`
/// (may be null) after a successful commit.
class ObservedSink final : public Sink {
 public:
  ObservedSink(std::shared_ptr<Sink> inner, Progress* progress, std::vector<std::string>* changes)
      : inner_(std::move(inner)), progress_(progress), changes_(changes) {}
  Status begin(const CycleInfo& cycle, const StreamFacts& facts) noexcept override;
  Status write(const OfferBatch& batch) noexcept override;
  Status commit(CycleSummary& summary) noexcept override;
  void abort(const Status& why) noexcept override { inner_->abort(why); }
  Status check(std::vector<ReportItem>& report) noexcept override { return inner_->check(report); }
  Status provision(std::vector<ReportItem>& report) noexcept override { return inner_->provision(report); }
  Status recent_cycles(std::string_view pipeline, std::size_t limit, std::vector<CycleRecord>& out) noexcept override {
    return inner_->recent_cycles(pipeline, limit, out);
  }

 private:
  std::shared_ptr<Sink> inner_;
  Progress* progress_;
  std::vector<std::string>* changes_;
};

}  // namespace tecsync::obs
