// `kshrink probe`: writes a profile of this machine (modules, drivers, file systems, the
// running kernel's config) for `kshrink run --profile FILE`.
#include "service/cli/commands.h"

#include "profile/host_probe.h"
#include "util/files.h"

#include <iostream>
#include <memory>

namespace kshrink::service::cli {

void add_probe_command(CLI::App& app) {
  auto output = std::make_shared<std::string>("kshrink-profile.json");
  auto json = std::make_shared<bool>(false);
  CLI::App* command =
      app.add_subcommand("probe", "Write a profile of this machine for run --profile");
  command->add_option("-o,--output", *output, "the profile file to write")->capture_default_str();
  command->add_flag("--json", *json, "print the profile on stdout as well");
  command->callback([output, json] {
    util::ScratchDir scratch(std::filesystem::temp_directory_path(), "kshrink-probe-");
    profile::Profile found = profile::probe_this_machine(scratch.path());
    util::write_file_atomic(*output, profile::to_json(found));
    if (*json) {
      std::cout << profile::to_json(found);
      return;
    }
    std::cout << "profile: " << *output << " (" << found.source << ", Linux " << found.release
              << ")\nmodules loaded: " << found.modules.size()
              << "\ndrivers bound:  " << found.drivers.size()
              << "\nfile systems mounted: " << found.mounted.size() << "\nrunning kernel's config: "
              << (found.config.empty() ? "not found" : found.config) << "\n";
    for (const auto& line : found.unseen)
      std::cout << "not seen: " << line << "\n";
  });
}

} // namespace kshrink::service::cli
