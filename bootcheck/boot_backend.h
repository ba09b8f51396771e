// The one place that turns a --boot value ("qemu", "command:SCRIPT") into a BootChecker.
#pragma once

#include "bootcheck/boot_harness.h"

#include <memory>
#include <string>

namespace kshrink::bootcheck {

/// Throws util::Error unless `backend` names a backend: qemu, or command:SCRIPT with SCRIPT an
/// executable file (checked before any boot file is made).
void check_boot_backend(const std::string& backend);

/// The checker for `backend`; throws util::Error for an unknown backend or a bad script.
std::unique_ptr<BootChecker> make_boot_checker(const std::string& backend,
                                               std::vector<Check> checks,
                                               const std::filesystem::path& dir,
                                               BootSettings settings);

} // namespace kshrink::bootcheck
