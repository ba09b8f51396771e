// DaemonConfig: `kshrink serve`'s settings, from a TOML file; every key has its default here
// and is documented in deploy/kshrink.toml.
#pragma once

#include "builder/build_settings.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::service::daemon {

/// The most runs a daemon executes at once.
inline constexpr int max_concurrent_runs = 64;

/// The daemon's settings.
struct DaemonConfig {
  std::string listen = "127.0.0.1:8680"; ///< HOST:PORT of the API, metrics and page
  std::string token; ///< bearer token for /api/ and /metrics; required off loopback
  std::string workdir;                   ///< empty: the default work directory
  std::string database;                  ///< empty: WORKDIR/kshrink.db
  int concurrent_runs = 1;               ///< runs executing at the same time
  int workers = builder::BuildSettings{}.workers; ///< per run (default of submissions)
  int jobs = builder::BuildSettings{}.jobs;       ///< make -j per worker; 0: cores / workers
  std::string ccache_size = builder::BuildSettings{}.ccache_max_size; ///< ccache's size cap
  std::string distcc_hosts;              ///< compile through distcc; empty: locally
  /// Where the files a submission names (tree, config, fragments, script, profile) may be:
  /// the daemon runs a tree's Makefile and a check script as its own user.
  std::vector<std::string> allowed_roots = {"/usr/src"};
};

/// Reads `path` (TOML). Unknown keys, wrong types and bad values are util::Errors naming the
/// key. An empty path gives the defaults.
DaemonConfig load_daemon_config(const std::filesystem::path& path);

/// HOST and PORT of a listen address; throws util::Error for a malformed one.
std::pair<std::string, unsigned short> split_listen(const std::string& listen);

/// True for 127.0.0.0/8, ::1 and localhost.
bool is_loopback(const std::string& host);

/// Refuses settings the daemon must not start with: a bad address, a non-loopback address
/// without a token, out-of-range numbers.
void check_daemon_config(const DaemonConfig& config);

} // namespace kshrink::service::daemon
