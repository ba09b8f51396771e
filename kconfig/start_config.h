// Start configs: a .config file (plain, gzip or xz), or a keyword (defconfig, tinyconfig,
// debian, running) turned into one.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/fragment_requests.h"
#include "kconfig/kconfig_tools.h"

#include <string>
#include <vector>

namespace kshrink::kconfig {

/// A start config a user can name by keyword.
struct StartConfigKeyword {
  const char* name;
  const char* description;
};

/// Every keyword, for the CLI help and error messages.
const std::vector<StartConfigKeyword>& start_config_keywords();

/// Where the running kernel's config is: /proc/config.gz, else /boot/config-$(uname -r).
/// Throws util::EnvironmentError if neither exists.
std::filesystem::path running_config_path();

/// Where Debian's amd64 config for a kernel version lives (from linux-config-X.Y).
std::filesystem::path debian_config_path(const std::string& kernel_version);

/// Throws util::Error if `config` (read from `origin`) was made for another architecture than
/// kernel_arch (it sets ARM64, RISCV, X86_32...): the tree's x86 Kconfig would drop those
/// options without a word and build another kernel than the one the user has.
void refuse_other_architecture(const ConfigFile& config, const std::string& origin);

/// A --config value split at its '+': the base (keyword or file) and the fragment files.
struct ConfigSpec {
  std::string base;
  std::vector<std::string> fragments;
};
ConfigSpec split_config_spec(const std::string& spec);

/// True if `name` is one of start_config_keywords().
bool is_start_config_keyword(const std::string& name);

/// A start config, and what its fragments asked for (to check against the resolved config).
struct StartConfig {
  ConfigFile config;
  std::vector<FragmentRequest> requested;
};

/// Loads `spec` for the tools' tree: a keyword or a file path, optionally followed by
/// `+FRAGMENT` files merged over it in order (e.g. `tinyconfig+board.fragment`), the way
/// merge_config.sh does; notes each value a fragment redefines. Throws util::Error for an
/// unknown keyword, a missing file, or a file that is not a config.
StartConfig load_start_config(const std::string& spec, const KconfigTools& tools);

} // namespace kshrink::kconfig
