// KconfigTools: the tree's own kconfig programs, built once per tree in the work directory
// (never in the source tree): `conf`, and kshrink's symbol dump helper linked against the
// same scripts/kconfig objects, with the environment kbuild gives them.
#pragma once

#include "tree/kernel_tree.h"
#include "util/subprocess.h"
#include "util/work_dir.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kshrink::kconfig {

/// The architecture kshrink configures and builds for (its QEMU harness is x86_64).
inline constexpr const char* kernel_arch = "x86_64";
/// The C compiler kbuild runs (its CC without CROSS_COMPILE); a build's PATH reaches it through
/// ccache's masquerade links.
inline constexpr const char* kernel_compiler = "gcc";

/// What to show of a failed conf (or make *config) log: its first errors located in a Kconfig
/// file ("fs/ext4/Kconfig:30: syntax error"), as a syntax error is followed by a cascade of
/// later ones; else its last lines.
std::string conf_failure_excerpt(const std::filesystem::path& log);

/// Built kconfig programs for one tree.
class KconfigTools {
public:
  /// Builds conf and the dump helper for `tree` in the work directory (once; later calls
  /// reuse them); they and make run with `runner`. Serialized between processes by a lock. Throws
  /// util::Error with the build log's last lines if the tree's kconfig cannot be built.
  static KconfigTools prepare(const tree::KernelTree& tree, const util::WorkDir& workdir,
                              util::CommandRunner& runner = util::system_runner());

  /// The tree these tools belong to.
  const tree::KernelTree& tree() const { return tree_; }
  /// The work directory the tools were built in.
  const util::WorkDir& workdir() const { return workdir_; }
  /// What runs the tools and the other programs a config passes through (xz).
  util::CommandRunner& runner() const { return *runner_; }

  /// Runs `conf ARGS Kconfig` in `dir` (where it reads and writes .config), output to `log`.
  util::CommandResult run_conf(const std::filesystem::path& dir, std::vector<std::string> args,
                               const std::filesystem::path& log) const;
  /// Runs the dump helper on `config`, its JSON lines written to `output`.
  util::CommandResult run_dump(const std::filesystem::path& config,
                               const std::filesystem::path& output) const;
  /// Runs `make O=<tools dir> ARCH=x86_64 <target>` (e.g. tinyconfig) under the tools lock and
  /// returns the .config it produced; with `allconfig`, as KCONFIG_ALLCONFIG (the values
  /// allnoconfig starts from). Throws util::Error with the log's tail on failure.
  std::string make_config_target(const std::string& target,
                                 const std::filesystem::path& allconfig = {}) const;

private:
  tree::KernelTree tree_;
  util::WorkDir workdir_{""};
  util::CommandRunner* runner_ = &util::system_runner();
  std::filesystem::path dir_; // the O= directory holding scripts/kconfig/{conf,*.o}
  std::map<std::string, std::string> environment_;
};

/// Reads the variables Kconfig took from the environment out of kbuild's auto.conf.cmd
/// ('ifneq "$(CC)" "gcc"' lines). Exposed for tests.
std::map<std::string, std::string> parse_auto_conf_cmd(const std::string& content);

} // namespace kshrink::kconfig
