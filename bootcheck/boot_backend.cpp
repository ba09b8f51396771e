// Boot backend factory.
#include "bootcheck/boot_backend.h"

#include "bootcheck/command_boot_checker.h"
#include "bootcheck/qemu_boot_checker.h"
#include "util/error.h"

#include <filesystem>

#include <unistd.h>

namespace kshrink::bootcheck {

void check_boot_backend(const std::string& backend) {
  if (backend == "qemu") return;
  if (!backend.starts_with("command:"))
    throw util::Error("unknown boot backend '" + backend + "': use qemu or command:SCRIPT");
  std::filesystem::path script = std::filesystem::absolute(backend.substr(8));
  std::error_code error;
  if (!std::filesystem::is_regular_file(script, error) || ::access(script.c_str(), X_OK) != 0)
    throw util::Error("boot command " + script.string() + " is missing or not executable");
}

std::unique_ptr<BootChecker> make_boot_checker(const std::string& backend,
                                               std::vector<Check> checks,
                                               const std::filesystem::path& dir,
                                               BootSettings settings) {
  check_boot_backend(backend);
  if (backend == "qemu") return std::make_unique<QemuBootChecker>(std::move(checks), dir, settings);
  return std::make_unique<CommandBootChecker>(backend.substr(8), std::move(checks), dir, settings);
}

} // namespace kshrink::bootcheck
