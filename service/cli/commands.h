// The CLI verbs: each adds its subcommand to the app and runs when it is chosen.
#pragma once

#include <CLI/CLI.hpp>

namespace kshrink::service::cli {

/// `kshrink symbols`: the symbol table the optimizer sees for a tree and config.
void add_symbols_command(CLI::App& app);

} // namespace kshrink::service::cli
