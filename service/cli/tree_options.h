// The options every tree-using verb shares (--tree, --config, --workdir), and the step that
// turns them into a prepared tree and a resolved start config, with progress notes.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/kconfig_tools.h"
#include "kconfig/resolver.h"
#include "kconfig/sanitizer.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::service::cli {

/// --tree, --config and --workdir as given on the command line.
struct TreeOptions {
  std::string tree;
  std::string config = "defconfig";
  std::string workdir;
};

/// Registers --tree, --config and --workdir on `command`, storing into `options`.
void add_tree_options(CLI::App& command, TreeOptions& options);

/// The work directory: --workdir, else $KSHRINK_WORKDIR, else ~/.cache/kshrink.
std::filesystem::path resolve_workdir(const std::string& option);

/// A tree with its kconfig tools, and a start config sanitized and resolved by it.
struct PreparedConfig {
  kconfig::KconfigTools tools;
  std::vector<kconfig::SanitizeChange> sanitized;
  kconfig::ResolvedConfig resolved;
};

/// Prepares the tree, loads, sanitizes and resolves the start config; notes each step's time.
/// Throws util::Error for bad input.
PreparedConfig prepare_config(const TreeOptions& options);

} // namespace kshrink::service::cli
