#pragma once
/// @file
/// Emoji-pulses and counters of one cycle: the SDK `PulseEmitter` and `Counters`.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tecsync/host.hpp"
#include "tecsync/records.hpp"
#include "tecsync/status.hpp"

namespace tecsync::obs {

/// `flash` / `deep`.
const char* to_string(Strategy s);

/// The full pulse line: `<text> · <strategy> · <UTC time>`, e.g.
/// `✅ Success · flash · 2026-11-29 10:15:00 UTC`.
std::string full_text(const Pulse& p, Strategy s, std::chrono::system_clock::time_point t);

/// Collects a cycle's pulses; every pulse is logged at once with the cycle's suffix
/// (success → info, warning → warn, error → error). Thread-safe.
class CyclePulses final : public PulseEmitter {
 public:
  CyclePulses(Logger& log, Strategy strategy) : log_(log), strategy_(strategy) {}
  void emit(const Pulse& pulse) noexcept override;
  /// Like emit(), but does not log a pulse whose text was already logged.
  void emit_once(const Pulse& pulse) noexcept;
  /// The cycle's start: the instant in every logged pulse's suffix (default: construction).
  void set_started_at(std::chrono::system_clock::time_point t);
  std::chrono::system_clock::time_point started_at() const;

  /// Every pulse emitted so far, in order.
  std::vector<Pulse> all() const;
  /// The first warning pulse, if any.
  bool first_warning(Pulse& out) const;

 private:
  Logger& log_;
  Strategy strategy_;
  std::chrono::system_clock::time_point started_at_ = std::chrono::system_clock::now();
  mutable std::mutex mu_;
  std::vector<Pulse> pulses_;
};

/// Named counters of a cycle, kept in first-use order. Thread-safe.
class CycleCounters final : public Counters {
 public:
  void add(std::string_view name, std::int64_t delta) noexcept override;
  /// Current value (0 when never added).
  std::int64_t get(std::string_view name) const;
  /// All counters in first-use order.
  std::vector<std::pair<std::string, std::int64_t>> snapshot() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::int64_t>> values_;
};

}  // namespace tecsync::obs
