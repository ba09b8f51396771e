// Boot backend factory.
#include "bootcheck/boot_backend.h"

#include "bootcheck/command_boot_checker.h"
#include "bootcheck/qemu_boot_checker.h"
#include "util/error.h"

namespace kshrink::bootcheck {

void check_boot_backend(const std::string& backend) {
  if (backend != "qemu" && !backend.starts_with("command:"))
    throw util::Error("unknown boot backend '" + backend + "': use qemu or command:SCRIPT");
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
