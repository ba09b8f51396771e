// The environment and make arguments of a kernel build: reproducible KBUILD_BUILD_* values,
// ccache shared by every worker, and distcc through CCACHE_PREFIX when hosts are given.
#pragma once

#include "builder/build_settings.h"
#include "util/work_dir.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kshrink::builder {

/// Where Debian's ccache keeps its compiler-named links (gcc -> ccache).
inline constexpr const char* ccache_masquerade_dir = "/usr/lib/ccache";

/// Variables for make: fixed build identity, ccache in PATH, ccache/distcc settings.
std::map<std::string, std::string> build_environment(const BuildSettings& settings,
                                                     const util::WorkDir& workdir);

/// `make` arguments for building in `out_dir` with `jobs` jobs: bzImage, and the modules
/// when `with_modules` (kbuild refuses the target in a config without MODULES).
std::vector<std::string> make_arguments(const std::filesystem::path& out_dir, int jobs,
                                        bool with_modules);

/// `make` arguments that install the modules built in `out_dir` below `install_dir`
/// (lib/modules/RELEASE, with depmod's files), debug symbols stripped as distros ship them.
std::vector<std::string> modules_install_arguments(const std::filesystem::path& out_dir,
                                                   const std::filesystem::path& install_dir);

/// The -j to use per worker: `settings.jobs`, or the machine's cores shared among workers.
int jobs_per_worker(const BuildSettings& settings);

} // namespace kshrink::builder
