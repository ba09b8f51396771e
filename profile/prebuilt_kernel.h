// Debian's prebuilt kernel for a tree's series (linux-image-X.Y...-amd64-unsigned), fetched
// with `apt-get download`, unpacked once into the work directory with its modules indexed
// (depmod), so that a run can profile a distro config without building it.
#pragma once

#include "util/work_dir.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace kshrink::profile {

/// An unpacked prebuilt kernel.
struct PrebuiltKernel {
  std::string package;           ///< "linux-image-6.1.0-57-amd64-unsigned"
  std::string release;           ///< "6.1.0-57-amd64" (uname -r, the modules directory)
  std::filesystem::path kernel;  ///< its bzImage (boot/vmlinuz-RELEASE)
  std::filesystem::path modules; ///< a directory holding lib/modules/RELEASE, and nothing else
  uint64_t kernel_bytes = 0;
};

/// The package name of Debian's unsigned amd64 kernel for `tree_version`'s series, as apt's
/// lists know it: the one whose version is the tree's if there is one, else the newest.
/// Throws util::Error when apt knows none.
std::string debian_kernel_package(const std::string& tree_version,
                                  const std::filesystem::path& scratch);

/// Fetches and unpacks `package` under the work directory's prebuilt/ (once; a half-finished unpack
/// is never reused). Throws util::Error naming what failed (no network, not a kernel package).
PrebuiltKernel fetch_prebuilt_kernel(const std::string& package, const util::WorkDir& workdir);

} // namespace kshrink::profile
