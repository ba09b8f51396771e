// kshrink's entry point: the CLI. The only place that turns errors into messages and exit codes.
#include "service/cli/commands.h"
#include "storage/database.h"
#include "util/error.h"
#include "util/interrupt.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

namespace exit_codes = kshrink::util::exit_codes;

int interrupted_exit_code() {
  std::cerr << "kshrink: interrupted: every build and boot it started was stopped\n";
  return exit_codes::interrupted;
}

/// Prints a one-line error and gives its tier's exit code.
int error_exit_code(const kshrink::util::Error& error) {
  if (kshrink::util::interrupted()) return interrupted_exit_code();
  std::cerr << "kshrink: error: " << error.what() << "\n";
  return error.exit_code();
}

/// The exit code of what `throw_in_tier` throws: a system's or SQLite's error as a util::Error
/// of its tier.
template <class ThrowInTier> int tiered_exit_code(ThrowInTier throw_in_tier) {
  try {
    throw_in_tier();
  } catch (const kshrink::util::Error& error) {
    return error_exit_code(error);
  }
  return exit_codes::internal; // not reached: throw_in_tier always throws
}

} // namespace

/// Exit codes: util::exit_codes.
int main(int argc, char** argv) {
  CLI::App app{"kshrink: finds the smallest Linux kernel that still boots and does what you need"};
  app.set_version_flag("--version", std::string("kshrink ") + KSHRINK_VERSION);
  app.require_subcommand(1);
  // A stopped kshrink (Ctrl-C, kill, a closed terminal) kills its builds and boots first.
  kshrink::util::install_interrupt_handlers();
  int exit_code = exit_codes::success;
  kshrink::service::cli::add_run_command(app, exit_code);
  kshrink::service::cli::add_symbols_command(app);
  kshrink::service::cli::add_build_command(app, exit_code);
  kshrink::service::cli::add_boot_command(app, exit_code);
  kshrink::service::cli::add_probe_command(app);
  kshrink::service::cli::add_serve_command(app);
  kshrink::service::cli::add_client_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "kshrink: error: " << e.what() << " (see kshrink --help)\n";
    return exit_codes::bad_input;
  } catch (const kshrink::util::Error& e) {
    return error_exit_code(e);
  } catch (const std::filesystem::filesystem_error& e) { // a path the system refused
    return tiered_exit_code([&] { kshrink::util::throw_filesystem_error(e); });
  } catch (const SQLite::Exception& e) { // the database failed under a run or a query
    return tiered_exit_code([&] { kshrink::storage::throw_database_error("the database", e); });
  } catch (const std::exception& e) {
    if (kshrink::util::interrupted()) return interrupted_exit_code();
    std::cerr << "kshrink: internal error: " << e.what() << "\n";
    return exit_codes::internal;
  }
  // A daemon stopped by SIGTERM has stopped cleanly.
  if (app.got_subcommand("serve")) return exit_code;
  return kshrink::util::interrupted() ? interrupted_exit_code() : exit_code;
}
