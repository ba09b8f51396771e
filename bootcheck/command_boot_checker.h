// CommandBootChecker: the `command:SCRIPT` backend for real hardware. The contract (also in
// deploy/boot-over-ssh.sh and the README):
//   SCRIPT KERNEL INITRD CONSOLE_LOG
//   environment: KSHRINK_APPEND (kernel command line to use), KSHRINK_TIMEOUT (seconds),
//                KSHRINK_DISK (ext4 image path, or empty), KSHRINK_NIC (1 if a NIC is needed)
//   The script boots KERNEL with INITRD and the command line, and appends the machine's
//   console output to CONSOLE_LOG as it arrives. kshrink reads that file while the script
//   runs and ends the script (SIGTERM to its process group, then SIGKILL) once the checks
//   report, on a kernel panic, or after KSHRINK_TIMEOUT seconds. An exit status other than 0
//   before any console output means the script could not reach the machine: infra_error.
#pragma once

#include "bootcheck/boot_harness.h"

namespace kshrink::bootcheck {

/// The `command:SCRIPT` backend.
class CommandBootChecker : public BootChecker {
public:
  CommandBootChecker(std::filesystem::path script, std::vector<Check> checks,
                     std::filesystem::path dir, BootSettings settings = {});
  BootVerdict check(const std::filesystem::path& kernel, const std::atomic<bool>* cancel = nullptr,
                    const std::filesystem::path& modules = {}) override;

private:
  std::filesystem::path script_;
  BootHarness harness_;
};

} // namespace kshrink::bootcheck
