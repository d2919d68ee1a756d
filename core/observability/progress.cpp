#include "observability/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace tecsync::obs {

namespace {

// 1234567 → `1,234,567`: a terminal reader counts digits badly.
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace

std::string format_progress(std::int64_t rows, std::int64_t batches, std::chrono::milliseconds elapsed) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
  char clock[32];
  if (secs >= 3600)
    std::snprintf(clock, sizeof clock, "%lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                  static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  else
    std::snprintf(clock, sizeof clock, "%lld:%02lld", static_cast<long long>(secs / 60),
                  static_cast<long long>(secs % 60));
  return "tecsync: " + grouped(rows) + " rows read · " + grouped(batches) + (batches == 1 ? " batch" : " batches") +
         " · " + clock + " elapsed";
}

Progress::Progress(bool enabled, std::chrono::milliseconds period) : period_(period), enabled_(enabled) {
  if (enabled_) thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() { finish(); }

bool Progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::add_batch(std::int64_t rows) noexcept {
  rows_.fetch_add(rows);
  batches_.fetch_add(1);
}

void Progress::loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
    const std::string line = "\033[K" + format_progress(rows_.load(), batches_.load(), elapsed) + "\r";
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  }
}

void Progress::finish() noexcept {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  std::fputs("\033[K", stderr);
  std::fflush(stderr);
}

Status ObservedSink::begin(const CycleInfo& cycle, const StreamFacts& facts) noexcept {
  return inner_->begin(cycle, facts);
}

Status ObservedSink::write(const OfferBatch& batch) noexcept {
  if (progress_)
    progress_->add_batch(static_cast<std::int64_t>(batch.offers.size() + batch.rejects.size() + batch.warnings.size()));
  return inner_->write(batch);
}

Status ObservedSink::commit(CycleSummary& summary) noexcept {
  Status s = inner_->commit(summary);
  if (s && changes_) {
    try {
      *changes_ = summary.changes;
    } catch (...) {
      // Out of memory copying lines that are only shown: the cycle stands.
    }
  }
  return s;
}

}  // namespace tecsync::obs
