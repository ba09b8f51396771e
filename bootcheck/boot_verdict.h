// BootVerdict: what booting one kernel showed: pass, or the first failing check with the
// console excerpt that explains it, or a timeout. A value, stored as data.
#pragma once

#include "bootcheck/check.h"
#include "bootcheck/console_scanner.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// How a boot ended. `infra_error` is the harness's fault (QEMU missing...), never the kernel's.
enum class BootStatus { pass, boot_failed, timeout, cancelled, infra_error };

/// The status as a lowercase word.
const char* to_string(BootStatus status);

/// One check's result.
struct CheckResult {
  std::string name;
  std::optional<bool> passed; ///< nullopt: the guest never reported it
  std::string output;         ///< what the check printed, for failures
};

/// The verdict on one boot.
struct BootVerdict {
  BootStatus status = BootStatus::infra_error;
  std::string failed_check; ///< for boot_failed: the first check that failed
  std::string reason;       ///< one line: why it failed
  std::vector<CheckResult> checks;
  std::string excerpt;                ///< console lines that show the failure
  std::optional<double> boot_seconds; ///< start to init's first marker
  double seconds = 0;                 ///< whole boot check
  std::filesystem::path console_log;
  std::vector<std::string> reports; ///< the guest's REPORT lines (see ConsoleScanner::reports)
  bool kernel_spoke = false;        ///< the kernel printed its banner
};

/// How the guest's run ended, as the harness saw it.
enum class BootEnding { end_marker, guest_exited, timed_out, cancelled, console_flood };

/// Judges a boot from what the console showed and how the run ended. Pure.
BootVerdict judge_boot(const ConsoleScanner& console, const std::vector<Check>& checks,
                       BootEnding ending);

} // namespace kshrink::bootcheck
