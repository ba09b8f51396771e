// kshrink's entry point: the CLI. The only place that turns errors into messages and exit codes.
#include "service/cli/commands.h"
#include "util/error.h"

#include <CLI/CLI.hpp>

#include <iostream>

/// Exit codes: 0 success, 1 kshrink's own fault, 2 bad input or usage.
int main(int argc, char** argv) {
  CLI::App app{"kshrink: finds the smallest Linux kernel that still boots and does what you need"};
  app.require_subcommand(1);
  kshrink::service::cli::add_symbols_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "kshrink: error: " << e.what() << " (see kshrink --help)\n";
    return 2;
  } catch (const kshrink::util::Error& e) {
    std::cerr << "kshrink: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "kshrink: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
