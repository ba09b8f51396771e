// BootHarness: everything a boot needs but the way the kernel is started: the check list,
// the base initramfs and disk image (made once), per-boot files and nonce, watching the
// console while the guest runs, and the verdict. Backends supply the launcher.
#pragma once

#include "bootcheck/boot_checker.h"
#include "bootcheck/check.h"
#include "bootcheck/initramfs.h"
#include "util/subprocess.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// The longest boot timeout accepted.
inline constexpr std::chrono::seconds max_boot_timeout{24 * 60 * 60};

/// Limits of one boot.
struct BootSettings {
  std::chrono::seconds timeout{60};     ///< whole boot, checks included
  size_t max_console_bytes = 16u << 20; ///< a guest that prints more is stopped
  int memory_mb = 256;
  GuestExtras extras; ///< none for candidates; a distro's modules for a profile boot
};

/// The files of one boot, handed to the launcher.
struct BootFiles {
  std::filesystem::path kernel;
  std::filesystem::path initrd;  ///< base archive + this boot's archive
  std::filesystem::path console; ///< where the console must be written
  std::filesystem::path disk;    ///< ext4 image, when a check needs a disk (else empty)
  bool needs_nic = false;
  std::string append;        ///< kernel command line
  std::filesystem::path dir; ///< this boot's directory
};

/// Makes the command that boots `files`; its output is redirected by the launcher itself.
using Launcher = std::function<util::Command(const BootFiles& files)>;

/// Whose fault it is when the launcher fails before the guest printed anything.
enum class SilentFailure {
  kernel, ///< QEMU refused the kernel image: the candidate's fault
  infra,  ///< a hardware script could not reach its machine: not the candidate's fault
};

/// Shared machinery of the boot backends.
class BootHarness {
public:
  /// Prepares `dir` (initramfs, disk image); mke2fs and the launcher's commands run with
  /// `runner`. Throws util::EnvironmentError for a missing busybox/mke2fs.
  BootHarness(std::vector<Check> checks, std::filesystem::path dir, BootSettings settings,
              util::CommandRunner& runner = util::system_runner());

  /// Boots `kernel` (with `modules`, see BootChecker::check) through `launcher` and judges it.
  /// With `silent_limit`, a kernel that has not printed its banner by then is stopped.
  BootVerdict boot(const std::filesystem::path& kernel, const std::filesystem::path& modules,
                   const Launcher& launcher, SilentFailure silent_failure,
                   const std::atomic<bool>* cancel,
                   std::optional<std::chrono::seconds> silent_limit = std::nullopt);

  const BootSettings& settings() const { return settings_; }

private:
  std::vector<Check> checks_;
  std::filesystem::path dir_;
  BootSettings settings_;
  util::CommandRunner& runner_;
  std::filesystem::path base_initramfs_, disk_;
  bool needs_nic_ = false;
  std::atomic<int> boots_{0}; // boots may run from several threads at once
};

} // namespace kshrink::bootcheck
