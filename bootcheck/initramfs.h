// The initramfs the checks run in: busybox-static as init, the check scripts and the runner,
// as an uncompressed cpio built once per run; and the small per-boot archive appended to it
// that carries the boot's secret nonce.
#pragma once

#include "bootcheck/check.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// Where Debian's busybox-static is installed.
inline constexpr const char* default_busybox = "/bin/busybox";

/// What a boot adds to the harness's guest beyond the checks: a distro kernel's modules and
/// the steps that load them and report what was used (see profile/guest_probe.h).
struct GuestExtras {
  std::filesystem::path tree; ///< a host directory copied to the guest's / (e.g. lib/modules)
  std::string prelude;        ///< shell run before the checks (coldplug)
  std::string epilogue;       ///< shell run after them; `mark REPORT text` reports to the host
};

/// The guest-side runner: runs each check in order and prints the markers. Exposed for tests.
std::string runner_script(const std::vector<Check>& checks, const GuestExtras& extras = {});

/// Writes the base archive for `checks` to `path`. Throws util::Error if busybox is missing
/// or the extras' tree cannot be read.
void write_base_initramfs(const std::vector<Check>& checks, const std::filesystem::path& path,
                          const GuestExtras& extras = {},
                          const std::filesystem::path& busybox = default_busybox);

/// The per-boot archive: /etc/kshrink/nonce (deleted by the runner once read) and token;
/// with `tree`, also everything under it (a candidate's lib/modules) at the same paths.
/// Throws util::Error if the tree cannot be read.
std::string boot_archive(const std::string& nonce, const std::string& token,
                         const std::filesystem::path& tree = {});

/// A random 128-bit value as 32 hex digits.
std::string random_hex128();

} // namespace kshrink::bootcheck
