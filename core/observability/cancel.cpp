#include "observability/cancel.hpp"

#include <csignal>

namespace tecsync::obs {

namespace {
volatile std::sig_atomic_t g_requested = 0;

extern "C" void on_signal(int sig) {
  if (g_requested) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_requested = 1;
}
}  // namespace

void SignalCancellation::install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool SignalCancellation::requested() const noexcept { return g_requested != 0; }

}  // namespace tecsync::obs
