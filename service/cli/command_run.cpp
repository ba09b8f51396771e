// `kshrink run`: a minimization in the foreground, with live progress, the best config and a
// report at the end; `--resume RUN` continues an interrupted run.
#include "service/cli/commands.h"

#include "optimizer/strategy.h"
#include "run/run_driver.h"

#include <iostream>
#include <memory>

namespace kshrink::service::cli {
namespace {

struct RunOptions {
  run::RunSettings settings;
  int64_t resume = 0;
  bool json = false;
};

void print_text(const run::RunSummary& s) {
  std::cout << "run " << s.run << " " << s.state << ": " << s.start_bytes << " -> " << s.best_bytes
            << " bytes";
  if (s.start_bytes)
    std::cout << " (" << 100.0 * double(s.start_bytes - s.best_bytes) / double(s.start_bytes)
              << "% saved)";
  std::cout << "\nbest config: " << s.best_config.string()
            << "\ndefconfig:   " << s.best_defconfig.string()
            << "\nreport:      " << s.report.string() << "\n";
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  auto& s = options->settings;
  CLI::App* command = app.add_subcommand("run", "Minimize a kernel config in the foreground");
  command->add_option("--tree", s.tree, "kernel source directory or tarball");
  command->add_option("--config", s.config, "start config: file, defconfig, tinyconfig, debian")
      ->capture_default_str();
  command->add_option("--checks", s.checks, "checks every candidate must pass (see kshrink boot)")
      ->capture_default_str();
  command->add_option("--objective", s.objective, "bzimage, vmlinux or bzimage+modules")
      ->capture_default_str();
  command->add_option("--workers", s.workers, "candidates built and booted at once")
      ->capture_default_str();
  command->add_option("--jobs,-j", s.jobs, "make -j per worker (default: cores / workers)");
  command->add_option("--budget", s.budget, "stop after a time and/or builds: 8h, 300builds");
  std::string strategies;
  for (const auto& entry : optimizer::strategy_entries())
    strategies += "\n  " + entry.name + ": " + entry.description;
  command->add_option("--strategy", s.strategy, "search strategy:" + strategies)
      ->capture_default_str();
  command->add_option("--boot", s.boot, "qemu, or command:SCRIPT for real hardware")
      ->capture_default_str();
  command->add_option("--keep", s.keep, "symbols never removed, comma-separated");
  command->add_option("--drop", s.drop, "symbols forced off from the start, comma-separated");
  command->add_option("--build-timeout", s.build_timeout, "seconds per build")
      ->capture_default_str();
  command->add_option("--boot-timeout", s.boot_timeout, "seconds per boot")->capture_default_str();
  command->add_option("--db", s.db, "SQLite database (default: WORKDIR/kshrink.db)");
  command->add_option("--workdir", s.workdir, "work directory (default: ~/.cache/kshrink)");
  command->add_option("--resume", options->resume, "continue run RUN with its own settings");
  command->add_flag("--json", options->json, "end by printing one JSON object");
  command->callback([options, &exit_code] {
    auto summary = run::execute_run(
        options->settings, options->resume ? std::optional(options->resume) : std::nullopt);
    if (options->json)
      std::cout << run::summary_json(summary) << "\n";
    else
      print_text(summary);
    exit_code = 0;
  });
}

} // namespace kshrink::service::cli
