// BootChecker: the narrow interface through which the rest of kshrink gets a kernel judged.
// Real ones boot QEMU or run a user's command; tests of the optimizer use fakes.
#pragma once

#include "bootcheck/boot_verdict.h"

#include <atomic>
#include <filesystem>

namespace kshrink::bootcheck {

/// Boots kernels and judges them against a fixed list of checks.
class BootChecker {
public:
  virtual ~BootChecker() = default;
  /// Boots `kernel` and runs the checks. Never throws for the kernel's failure: that is the
  /// verdict. Setting `*cancel` stops the boot and kills every process of it. `modules`, if
  /// not empty, is the directory `make modules_install` filled for this kernel: its tree
  /// (lib/modules/RELEASE) goes into this boot's initramfs.
  virtual BootVerdict check(const std::filesystem::path& kernel,
                            const std::atomic<bool>* cancel = nullptr,
                            const std::filesystem::path& modules = {}) = 0;
};

} // namespace kshrink::bootcheck
