// Process-wide interruption: SIGINT, SIGTERM and SIGHUP set one flag that every running
// command watches, so a stopped kshrink kills its builds and QEMUs before it exits.
#pragma once

#include <atomic>

namespace kshrink::util {

/// Set once a termination signal arrived.
const std::atomic<bool>& interrupted();

/// Installs the handlers that set interrupted(). Call once, early in main().
void install_interrupt_handlers();

} // namespace kshrink::util
