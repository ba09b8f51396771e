// Run settings flags and their JSON.
#include "service/cli/run_options.h"

#include "optimizer/strategy.h"

#include <algorithm>

namespace kshrink::service::cli {

std::vector<CLI::Option*> add_run_settings_options(CLI::App* command, run::RunSettings& s,
                                                   bool local) {
  std::vector<CLI::Option*> options = {
      command->add_option("--tree", s.tree, "kernel source directory or tarball"),
      command
          ->add_option("--config", s.config,
                       "start config: file, defconfig, tinyconfig or debian, then +FRAGMENT "
                       "files merged over it")
          ->capture_default_str(),
      command->add_option("--checks", s.checks, "checks every candidate must pass")
          ->capture_default_str(),
      command->add_option("--objective", s.objective, "bzimage, vmlinux or bzimage+modules")
          ->capture_default_str(),
      command->add_option("--workers", s.workers, "candidates built and booted at once")
          ->capture_default_str(),
      command->add_option("--jobs,-j", s.jobs, "make -j per worker (default: cores / workers)"),
      command->add_option("--budget", s.budget, "stop after a time and/or builds: 8h, 300builds")};
  std::string strategies;
  for (const auto& entry : optimizer::strategy_entries())
    strategies += "\n  " + entry.name + ": " + entry.description;
  options.push_back(command->add_option("--strategy", s.strategy, "search strategy:" + strategies)
                        ->capture_default_str());
  options.push_back(
      command->add_option("--boot", s.boot, "qemu, or command:SCRIPT")->capture_default_str());
  options.push_back(
      command->add_option("--keep", s.keep, "symbols never removed, comma-separated"));
  options.push_back(
      command->add_option("--drop", s.drop, "symbols forced off from the start, comma-separated"));
  options.push_back(command->add_option("--build-timeout", s.build_timeout, "seconds per build")
                        ->capture_default_str());
  options.push_back(command->add_option("--boot-timeout", s.boot_timeout, "seconds per boot")
                        ->capture_default_str());
  options.push_back(command->add_option("--distcc-hosts", s.distcc_hosts,
                                        "compile through distcc on these hosts"));
  if (local) {
    options.push_back(
        command->add_option("--db", s.db, "SQLite database (default: WORKDIR/kshrink.db)"));
    options.push_back(
        command->add_option("--workdir", s.workdir, "work directory (default: ~/.cache/kshrink)"));
  }
  return options;
}

nlohmann::json given_settings(const run::RunSettings& settings,
                              const std::vector<CLI::Option*>& options) {
  nlohmann::json all = nlohmann::json::parse(run::to_json(settings)),
                 given = nlohmann::json::object();
  for (const auto* option : options) {
    if (option->count() == 0) continue;
    std::string key = option->get_lnames().front(); // "build-timeout"
    std::replace(key.begin(), key.end(), '-', '_');
    given[key] = all.at(key);
  }
  return given;
}

} // namespace kshrink::service::cli
