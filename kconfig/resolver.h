// Resolver: turns any config into the config the tree's own Kconfig makes of it
// (olddefconfig), and writes the minimal defconfig form (savedefconfig). Works in scratch
// directories under the work directory; the source tree is never touched.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/kconfig_tools.h"
#include "kconfig/resolved_config.h"

#include <string>

namespace kshrink::kconfig {

/// Resolves configs with one tree's kconfig tools.
class Resolver {
public:
  explicit Resolver(const KconfigTools& tools) : tools_(tools) {}

  /// Runs olddefconfig on `input`. Throws util::Error with conf's output if conf fails.
  ResolvedConfig resolve(const ConfigFile& input) const;
  /// The savedefconfig text of `config` (which should be resolved).
  std::string savedefconfig(const ConfigFile& config) const;

private:
  const KconfigTools& tools_;
};

} // namespace kshrink::kconfig
