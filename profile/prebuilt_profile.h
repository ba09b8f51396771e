// The harness's own profile of a distro config: its prebuilt kernel booted in QEMU with all
// its modules in the initramfs, loaded as the distro loads them (coldplug by modalias, file
// systems on mount), under the run's checks; what was loaded, bound and mounted is the
// profile. A start config whose own distro kernel fails the checks is refused here, in a
// minute, instead of after hours of building it.
#pragma once

#include "bootcheck/check.h"
#include "profile/prebuilt_kernel.h"
#include "profile/profile.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <vector>

namespace kshrink::profile {

/// Boots `kernel` with its modules under `checks` (its console log kept in `dir`) and returns
/// the profile. Throws util::Error when a check fails there (naming it and the console log),
/// the boot cannot be made, or `*cancel` was set.
Profile profile_prebuilt_kernel(const PrebuiltKernel& kernel,
                                const std::vector<bootcheck::Check>& checks,
                                const std::filesystem::path& dir, std::chrono::seconds timeout,
                                const std::atomic<bool>* cancel = nullptr);

/// Fills each module's path from `modules_dep` (a modules.dep file: "kernel/x/y.ko: deps").
void add_module_paths(Profile& profile, const std::filesystem::path& modules_dep);

} // namespace kshrink::profile
