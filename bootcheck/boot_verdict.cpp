// Boot verdicts: failure patterns first, then the checks' markers, then how the run ended.
#include "bootcheck/boot_verdict.h"

namespace kshrink::bootcheck {

const char* to_string(BootStatus status) {
  switch (status) {
  case BootStatus::pass:
    return "pass";
  case BootStatus::boot_failed:
    return "boot_failed";
  case BootStatus::timeout:
    return "timeout";
  case BootStatus::cancelled:
    return "cancelled";
  case BootStatus::infra_error:
    return "infra_error";
  }
  return "unknown";
}

BootVerdict judge_boot(const ConsoleScanner& console, const std::vector<Check>& checks,
                       BootEnding ending) {
  BootVerdict verdict;
  verdict.reports = console.reports();
  verdict.kernel_spoke = console.kernel_spoke();
  for (size_t i = 0; i < checks.size(); ++i)
    verdict.checks.push_back({checks[i].name, console.check_result(i),
                              console.check_result(i) == false ? console.check_output(i) : ""});

  auto first_unpassed = [&]() -> const CheckResult* {
    for (const auto& check : verdict.checks)
      if (check.passed != true) return &check;
    return nullptr;
  };
  auto fail = [&](const std::string& check, const std::string& reason, const std::string& excerpt) {
    verdict.status = BootStatus::boot_failed;
    verdict.failed_check = check;
    verdict.reason = reason;
    verdict.excerpt = excerpt;
    return verdict;
  };

  if (ending == BootEnding::cancelled) {
    verdict.status = BootStatus::cancelled;
    return verdict;
  }
  if (console.failure_pattern()) {
    const CheckResult* failed = first_unpassed();
    return fail(failed ? failed->name : "boot",
                "console shows '" + *console.failure_pattern() + "'", console.failure_excerpt());
  }
  if (ending == BootEnding::console_flood)
    return fail("boot", "the console printed more than the harness keeps", console.tail());
  if (console.ended()) {
    if (const CheckResult* failed = first_unpassed())
      return fail(failed->name, "check '" + failed->name + "' failed", failed->output);
    verdict.status = BootStatus::pass;
    return verdict;
  }
  if (ending == BootEnding::timed_out) {
    verdict.status = BootStatus::timeout;
    const CheckResult* failed = first_unpassed();
    verdict.failed_check = failed ? failed->name : "";
    verdict.reason =
        console.init_ran() ? "the checks did not finish in time" : "init did not report in time";
    verdict.excerpt = console.tail();
    return verdict;
  }
  const CheckResult* failed = first_unpassed();
  return fail(failed ? failed->name : "boot",
              console.init_ran() ? "the guest stopped before its checks finished"
                                 : "the guest stopped before init ran",
              console.tail());
}

} // namespace kshrink::bootcheck
