#pragma once
/// @file
/// The SDK `Cancellation` flag: set by SIGINT/SIGTERM, or by hand in tests.

#include <atomic>

#include "tecsync/host.hpp"

namespace tecsync::obs {

/// Requested once SIGINT or SIGTERM arrived after install_signal_handlers().
/// The flag is process-wide (a signal handler can only touch a static).
class SignalCancellation final : public Cancellation {
 public:
  /// Installs handlers for SIGINT and SIGTERM that only set the flag, so that a
  /// cycle can abort its transaction instead of dying mid-write. A second
  /// signal restores the default action (the admin really means it).
  static void install_signal_handlers();
  bool requested() const noexcept override;
};

/// A flag set by calling request(); for tests and for abandoning a cycle.
class ManualCancellation final : public Cancellation {
 public:
  void request() noexcept { flag_.store(true); }
  bool requested() const noexcept override { return flag_.load(); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace tecsync::obs
