// Preparing what every tree-using verb and every run starts from: the tree with its kconfig
// tools, and the start config loaded, sanitized and resolved, with progress notes.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/kconfig_tools.h"
#include "kconfig/resolver.h"
#include "kconfig/sanitizer.h"
#include "util/work_dir.h"

#include <string>
#include <vector>

namespace kshrink::run {

/// A tree with its kconfig tools, and a start config sanitized and resolved by it.
struct PreparedConfig {
  kconfig::KconfigTools tools;
  std::vector<kconfig::SanitizeChange> sanitized;
  kconfig::ResolvedConfig resolved;
};

/// Prepares `tree` (empty: the default tarball), loads, sanitizes and resolves `config` (a
/// file or keyword); notes each step's time. Throws util::Error for bad input.
PreparedConfig prepare_config(const std::string& tree, const std::string& config,
                              const util::WorkDir& workdir);

} // namespace kshrink::run
