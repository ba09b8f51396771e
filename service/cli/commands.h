// The CLI verbs: each adds its subcommand to the app and runs when it is chosen.
#pragma once

#include <CLI/CLI.hpp>

namespace kshrink::service::cli {

/// `kshrink symbols`: the symbol table the optimizer sees for a tree and config.
void add_symbols_command(CLI::App& app);

/// `kshrink build`: build one config and measure it; sets `exit_code` (1 if the build failed).
void add_build_command(CLI::App& app, int& exit_code);

/// `kshrink run`: a minimization in the foreground (or `--resume RUN`).
void add_run_command(CLI::App& app, int& exit_code);

/// `kshrink boot`: boot one kernel and run checks; sets `exit_code` (1 unless it passed).
void add_boot_command(CLI::App& app, int& exit_code);

/// `kshrink probe`: write a profile of this machine.
void add_probe_command(CLI::App& app);
/// `kshrink serve`: the daemon (run queue, HTTP API, metrics, page).
void add_serve_command(CLI::App& app);

/// The client verbs talking to the daemon: submit, runs, status, best, diff, report, cancel.
void add_client_commands(CLI::App& app);

} // namespace kshrink::service::cli
