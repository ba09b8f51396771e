// Signal handlers that only set an atomic flag (async-signal-safe).
#include "util/interrupt.h"

#include <signal.h>

namespace kshrink::util {
namespace {

std::atomic<bool> interrupt_flag{false};

extern "C" void on_termination_signal(int) {
  interrupt_flag.store(true);
}

} // namespace

const std::atomic<bool>& interrupted() {
  return interrupt_flag;
}

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_termination_signal;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP})
    ::sigaction(signal, &action, nullptr);
}

} // namespace kshrink::util
