// The options every tree-using verb shares (--tree, --config, --workdir).
#pragma once

#include "run/prepare.h"

#include <CLI/CLI.hpp>

#include <string>

namespace kshrink::service::cli {

/// --tree, --config and --workdir as given on the command line.
struct TreeOptions {
  std::string tree;
  std::string config = "defconfig";
  std::string workdir;
};

/// Refuses an empty value for a path option: `--tree ''` would otherwise mean the default.
CLI::Validator non_empty_path();

/// Registers --tree, --config and --workdir on `command`, storing into `options`.
void add_tree_options(CLI::App& command, TreeOptions& options);

/// Prepares the tree and start config the options name.
run::PreparedConfig prepare_config(const TreeOptions& options);

} // namespace kshrink::service::cli
