// BuildSettings: how the pool builds: parallelism, limits, ccache and distcc. Every field has
// its default here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace kshrink::builder {

/// The largest settings a pool accepts.
inline constexpr int max_workers = 64;
inline constexpr int max_jobs = 1024; ///< make -j per worker
inline constexpr std::chrono::seconds max_build_timeout{7 * 24 * 60 * 60};

/// Settings shared by all workers of a pool.
struct BuildSettings {
  int workers = 1;                             ///< builds at the same time
  int jobs = 0;                                ///< make -j per worker; 0: cores / workers
  std::chrono::seconds timeout{2 * 60 * 60};   ///< per build
  bool with_modules = false;                   ///< also `make modules` and measure *.ko
  std::string ccache_max_size = "10G";         ///< ccache's own size cap
  std::string distcc_hosts;                    ///< DISTCC_HOSTS; empty: compile locally
  uint64_t min_free_bytes = uint64_t(2) << 30; ///< refuse to build below this free space
  int parked = 2; ///< build directories of passing kernels kept to restart builds from; 0: none
  std::map<std::string, std::string> extra_env; ///< e.g. KCFLAGS; applied last
};

} // namespace kshrink::builder
