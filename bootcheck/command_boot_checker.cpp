// Command backend: runs the user's boot script under the harness's watch.
#include "bootcheck/command_boot_checker.h"

namespace kshrink::bootcheck {

CommandBootChecker::CommandBootChecker(std::filesystem::path script, std::vector<Check> checks,
                                       std::filesystem::path dir, BootSettings settings)
    : script_(std::filesystem::absolute(script)),
      harness_(std::move(checks), std::move(dir), settings) {}

BootVerdict CommandBootChecker::check(const std::filesystem::path& kernel,
                                      const std::atomic<bool>* cancel,
                                      const std::filesystem::path& modules) {
  BootVerdict verdict = harness_.boot(
      kernel, modules,
      [this](const BootFiles& files) {
        return util::Command{
            .program = script_.string(),
            .args = {files.kernel.string(), files.initrd.string(), files.console.string()},
            .env = {{"KSHRINK_APPEND", files.append},
                    {"KSHRINK_TIMEOUT", std::to_string(harness_.settings().timeout.count())},
                    {"KSHRINK_DISK", files.disk.string()},
                    {"KSHRINK_NIC", files.needs_nic ? "1" : "0"}},
            .output = files.dir / "command.log"};
      },
      SilentFailure::infra, cancel);
  return verdict;
}

} // namespace kshrink::bootcheck
