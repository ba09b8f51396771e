// Run settings flags and their JSON.
#include "service/cli/run_options.h"

#include "optimizer/strategy.h"
#include "service/cli/tree_options.h"

#include <algorithm>
#include <filesystem>
#include <functional>

namespace kshrink::service::cli {

std::vector<CLI::Option*> add_run_settings_options(CLI::App* command, run::RunSettings& s,
                                                   bool local) {
  std::vector<CLI::Option*> options = {
      command->add_option("--tree", s.tree, "kernel source directory or tarball")
          ->check(non_empty_path()),
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
  options.push_back(command->add_option(
      "--profile", s.profile,
      "start from a base made from a profile: FILE (kshrink probe), prebuilt (boot the "
      "distro's prebuilt kernel under the checks) or none (default: prebuilt for debian)"));
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
        command->add_option("--workdir", s.workdir, "work directory (default: ~/.cache/kshrink)")
            ->check(non_empty_path()));
  }
  return options;
}

namespace {

/// `text` split at `separator`, each part passed through `change`, joined again.
std::string map_parts(const std::string& text, char separator,
                      const std::function<std::string(const std::string&)>& change) {
  std::string result;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    result += change(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return result;
    result += separator;
    start = end + 1;
  }
}

std::string absolute_if_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? std::filesystem::absolute(path).string() : path;
}

std::string absolute_after(const std::string& text, const std::string& prefix) {
  return text.starts_with(prefix) ? prefix + absolute_if_file(text.substr(prefix.size())) : text;
}

} // namespace

void make_paths_absolute(run::RunSettings& s) {
  if (!s.tree.empty()) s.tree = absolute_if_file(s.tree);
  s.config = map_parts(s.config, '+', absolute_if_file);
  s.checks = map_parts(s.checks, ',',
                       [](const std::string& check) { return absolute_after(check, "script:"); });
  s.boot = absolute_after(s.boot, "command:");
  if (s.profile != "none" && s.profile != "prebuilt") s.profile = absolute_if_file(s.profile);
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
