// `kshrink boot`: boots one kernel with the given checks and prints the verdict per check,
// the boot seconds and the console log's path.
#include "service/cli/commands.h"

#include "bootcheck/boot_backend.h"
#include "bootcheck/boot_harness.h"
#include "bootcheck/check_registry.h"
#include "bootcheck/harness_requirements.h"
#include "profile/guest_probe.h"
#include "service/cli/tree_options.h"
#include "util/error.h"
#include "util/work_dir.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace fs = std::filesystem;

namespace kshrink::service::cli {
namespace {

struct BootOptions {
  std::string kernel;
  std::string checks = "boot";
  std::string backend = "qemu";
  std::string workdir;
  std::string modules;
  int timeout_seconds = int(bootcheck::BootSettings{}.timeout.count());
  bool json = false;
};

nlohmann::json to_json(const bootcheck::BootVerdict& v) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : v.checks)
    checks.push_back({{"name", c.name},
                      {"result", !c.passed   ? "not_reported"
                                 : *c.passed ? "pass"
                                             : "fail"},
                      {"output", c.output}});
  return {{"status", bootcheck::to_string(v.status)},
          {"failed_check", v.failed_check},
          {"reason", v.reason},
          {"checks", checks},
          {"excerpt", v.excerpt},
          {"boot_seconds", v.boot_seconds ? nlohmann::json(*v.boot_seconds) : nlohmann::json()},
          {"seconds", v.seconds},
          {"console_log", v.console_log.string()}};
}

void print_text(const bootcheck::BootVerdict& v) {
  std::cout << "verdict: " << bootcheck::to_string(v.status);
  if (!v.failed_check.empty()) std::cout << " (" << v.failed_check << ": " << v.reason << ")";
  else if (!v.reason.empty())
    std::cout << " (" << v.reason << ")";
  std::cout << "\n";
  for (const auto& c : v.checks)
    std::cout << "  " << c.name << ": "
              << (!c.passed   ? "not reported"
                  : *c.passed ? "pass"
                              : "FAIL")
              << "\n";
  if (v.boot_seconds) std::cout << "init ran after " << *v.boot_seconds << " s\n";
  std::cout << "total:   " << v.seconds << " s\nconsole: " << v.console_log.string() << "\n";
  if (!v.excerpt.empty()) std::cout << "excerpt:\n" << v.excerpt;
}

int run(const BootOptions& options) {
  if (!fs::is_regular_file(options.kernel))
    throw util::Error("kernel image not found: " + options.kernel);
  bootcheck::GuestExtras guest;
  if (!options.modules.empty()) {
    if (!fs::is_directory(fs::path(options.modules) / "lib" / "modules"))
      throw util::Error("no lib/modules in " + options.modules +
                        ": give the directory `kshrink build --modules` installed them in");
    guest.prelude = profile::coldplug_script();
  }
  auto checker = bootcheck::make_boot_checker(
      options.backend, bootcheck::parse_checks(options.checks),
      util::WorkDir::resolve(options.workdir).boots(),
      {.timeout = std::chrono::seconds(options.timeout_seconds), .extras = guest});
  bootcheck::BootVerdict verdict = checker->check(options.kernel, nullptr, options.modules);
  if (options.json)
    std::cout << to_json(verdict).dump(2) << "\n";
  else
    print_text(verdict);
  switch (verdict.status) {
  case bootcheck::BootStatus::pass:
    return util::exit_codes::success;
  case bootcheck::BootStatus::infra_error:
    return util::exit_codes::environment; // not the kernel
  case bootcheck::BootStatus::cancelled:
    return util::exit_codes::interrupted;
  default:
    return util::exit_codes::failed_verdict;
  }
}

std::string checks_help() {
  std::string help = "comma-separated checks (boot is always run):";
  for (const auto& entry : bootcheck::check_entries())
    help += "\n  " + entry.name + ": " + entry.description;
  help += "\nThe kernel needs these options for the harness itself:";
  for (const auto& requirement : bootcheck::harness_requirements())
    help += "\n  " + requirement.symbol + " (" + requirement.reason + ")";
  return help;
}

} // namespace

void add_boot_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BootOptions>();
  CLI::App* command = app.add_subcommand("boot", "Boot one kernel and run the checks on it");
  command->add_option("--kernel", options->kernel, "the bzImage to boot")->required();
  command->add_option("--checks", options->checks, checks_help())->capture_default_str();
  command
      ->add_option("--boot", options->backend,
                   "qemu, or command:SCRIPT to boot real hardware (see README)")
      ->capture_default_str();
  command->add_option("--boot-timeout", options->timeout_seconds, "seconds for the whole boot")
      ->check(CLI::Range(1, int(bootcheck::max_boot_timeout.count())))
      ->capture_default_str();
  command->add_option("--modules", options->modules,
                      "the kernel's modules, as `kshrink build --modules` installed them: packed "
                      "into the initramfs and loaded as a distro loads them");
  command->add_option("--workdir", options->workdir, "work directory (default as for run)");
  command->add_flag("--json", options->json, "print the verdict as one JSON object");
  command->callback([options, &exit_code] { exit_code = run(*options); });
}

} // namespace kshrink::service::cli
