// `kshrink run`: a minimization in the foreground, with live progress, the best config and a
// report at the end; `--resume RUN` continues an interrupted run.
#include "service/cli/commands.h"

#include "run/run_driver.h"
#include "service/cli/run_options.h"
#include "util/human_units.h"

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
  std::cout << "run " << s.run << " " << to_string(s.state) << ": "
            << util::bytes_text(s.start_bytes) << " -> " << util::bytes_text(s.best_bytes) << " ("
            << util::saved_text(s.start_bytes, s.best_bytes) << " saved)\n"
            << run::profile_lines(s)
            << "first build and boot: " << util::duration_text(s.first_build_seconds)
            << "; wall: " << util::duration_text(s.wall_seconds) << "; builds:";
  for (const auto& [verdict, count] : s.builds)
    std::cout << " " << verdict << "=" << count;
  std::cout << "\nbest config: " << s.best_config.string()
            << "\ndefconfig:   " << s.best_defconfig.string()
            << "\nreport:      " << s.report.string() << "\n";
}

} // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  auto& s = options->settings;
  CLI::App* command = app.add_subcommand("run", "Minimize a kernel config in the foreground");
  add_run_settings_options(command, s, true);
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
