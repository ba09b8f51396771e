// The run settings flags shared by `kshrink run` (in the foreground) and `kshrink submit`
// (to the daemon), declared once.
#pragma once

#include "run/run_settings.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <vector>

namespace kshrink::service::cli {

/// Adds --tree, --config, --checks, ... to `command`, writing into `settings`. With `local`,
/// also --db and --workdir (a daemon decides those itself). Returns the options added.
std::vector<CLI::Option*> add_run_settings_options(CLI::App* command, run::RunSettings& settings,
                                                   bool local);

/// Paths in `settings` (tree, config and its fragments, script checks, boot command) made
/// absolute where they name an existing local file, so a daemon running elsewhere in the
/// file system finds them.
void make_paths_absolute(run::RunSettings& settings);

/// The settings the user gave on the command line (options left at their default are left
/// out, so the daemon's defaults apply), as the JSON the API takes.
nlohmann::json given_settings(const run::RunSettings& settings,
                              const std::vector<CLI::Option*>& options);

} // namespace kshrink::service::cli
