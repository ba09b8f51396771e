// KernelTree: a pristine kernel source tree, from a directory or a tarball unpacked once.
#pragma once

#include "util/work_dir.h"

#include <filesystem>
#include <string>

namespace kshrink::tree {

/// The tarball used when no --tree is given.
inline constexpr const char* default_tree = "/usr/src/linux-source-6.1.tar.xz";

/// A kernel source tree that kshrink reads but never writes (all builds use O=).
struct KernelTree {
  std::filesystem::path source; ///< absolute path of the source directory
  std::string version;          ///< from the top Makefile, e.g. "6.1.192"
  std::string key;              ///< stable id for per-tree caches (tarball sha256 or path hash)
};

/// The series of a kernel version, as Debian's package names spell it: "6.1.192" -> "6.1".
std::string kernel_series(const std::string& version);

/// Reads the kernel version from `source`/Makefile; throws util::Error if it is not a kernel.
std::string read_kernel_version(const std::filesystem::path& source);

/// Prepares `spec` (a directory or a tarball) for use. A tarball is unpacked once under
/// the work directory's trees, keyed by its sha256; a half-finished unpack is never reused.
/// Throws util::Error naming the problem: missing path, not a kernel, unclean tree, full disk.
KernelTree prepare_tree(const std::string& spec, const util::WorkDir& workdir);

} // namespace kshrink::tree
