// Sanitizer: rewrites what a distro config names but a plain tree cannot build (signing keys
// and certificate lists that live outside the tree, BTF without pahole) and says what changed.
#pragma once

#include "kconfig/config_file.h"

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::kconfig {

/// Facts about the build host that decide some rules.
struct HostFacts {
  bool has_pahole = false; ///< pahole (dwarves) is on PATH
  /// Looks the facts up on this machine.
  static HostFacts detect();
};

/// One change the sanitizer made.
struct SanitizeChange {
  std::string symbol;
  std::string old_value;
  std::string new_value;
  std::string reason;
};

/// Applies every rule to `config` in place; returns the changes, in rule order.
std::vector<SanitizeChange> sanitize(ConfigFile& config, const std::filesystem::path& tree_source,
                                     const HostFacts& host);

} // namespace kshrink::kconfig
