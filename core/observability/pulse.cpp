#include "observability/pulse.hpp"

#include "tecsync/plugin.hpp"

namespace tecsync::obs {

const char* to_string(Strategy s) { return s == Strategy::deep ? "deep" : "flash"; }

std::string full_text(const Pulse& p, Strategy s, std::chrono::system_clock::time_point t) {
  return pulse::one_line(p.text) + pulse_suffix(s, t);
}

void CyclePulses::set_started_at(std::chrono::system_clock::time_point t) {
  std::lock_guard lock(mu_);
  started_at_ = t;
}

std::chrono::system_clock::time_point CyclePulses::started_at() const {
  std::lock_guard lock(mu_);
  return started_at_;
}

void CyclePulses::emit_once(const Pulse& pulse) noexcept {
  try {
    {
      std::lock_guard lock(mu_);
      for (const Pulse& p : pulses_) {
        if (p.text == pulse.text) {
          pulses_.push_back(pulse);
          return;
        }
      }
    }
    emit(pulse);
  } catch (...) {
  }
}

void CyclePulses::emit(const Pulse& pulse) noexcept {
  try {
    std::string line = "pulse " + full_text(pulse, strategy_, started_at());
    switch (pulse.level) {
      case PulseLevel::success:
        log_.info(line);
        break;
      case PulseLevel::warning:
        log_.warn(line);
        break;
      case PulseLevel::error:
        log_.error(line);
        break;
    }
    std::lock_guard lock(mu_);
    pulses_.push_back(pulse);
  } catch (...) {
    // Out of memory while recording a pulse: drop it rather than crash.
  }
}

std::vector<Pulse> CyclePulses::all() const {
  std::lock_guard lock(mu_);
  return pulses_;
}

bool CyclePulses::first_warning(Pulse& out) const {
  std::lock_guard lock(mu_);
  for (const Pulse& p : pulses_) {
    if (p.level == PulseLevel::warning) {
      out = p;
      return true;
    }
  }
  return false;
}

void CycleCounters::add(std::string_view name, std::int64_t delta) noexcept {
  try {
    std::lock_guard lock(mu_);
    for (auto& [n, v] : values_) {
      if (n == name) {
        v += delta;
        return;
      }
    }
    values_.emplace_back(std::string(name), delta);
  } catch (...) {
  }
}

std::int64_t CycleCounters::get(std::string_view name) const {
  std::lock_guard lock(mu_);
  for (const auto& [n, v] : values_)
    if (n == name) return v;
  return 0;
}

std::vector<std::pair<std::string, std::int64_t>> CycleCounters::snapshot() const {
  std::lock_guard lock(mu_);
  return values_;
}

}  // namespace tecsync::obs
