// `kshrink build`: builds one config in worker 0's build directory and prints the measured
// result, so a person can measure a config by hand (tests and benchmarks use it too).
#include "service/cli/commands.h"

#include "builder/build_environment.h"
#include "builder/kernel_builder.h"
#include "service/cli/tree_options.h"
#include "util/error.h"
#include "util/log.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace kshrink::service::cli {
namespace {

struct BuildOptions {
  TreeOptions tree;
  builder::BuildSettings settings;
  int timeout_seconds = int(builder::BuildSettings{}.timeout.count());
  int worker = 0;
  bool json = false;
};

nlohmann::json to_json(const builder::BuildResult& r) {
  nlohmann::json j = {{"status", builder::to_string(r.status)},
                      {"seconds", r.seconds},
                      {"config_hash", r.config_hash},
                      {"bzimage_bytes", r.bzimage_bytes},
                      {"vmlinux",
                       {{"text", r.vmlinux.text},
                        {"data", r.vmlinux.data},
                        {"bss", r.vmlinux.bss},
                        {"total", r.vmlinux.total()}}},
                      {"kernel_image", r.kernel_image.string()},
                      {"log", r.log.string()},
                      {"error_excerpt", r.error_excerpt},
                      {"worker", r.worker}};
  if (r.modules_bytes) j["modules_bytes"] = *r.modules_bytes;
  if (!r.modules_tree.empty()) j["modules_tree"] = r.modules_tree.string();
  return j;
}

void print_text(const builder::BuildResult& r) {
  std::cout << "status:  " << builder::to_string(r.status) << "\n"
            << "seconds: " << r.seconds << "\n";
  if (r.status == builder::BuildStatus::ok)
    std::cout << "bzImage: " << r.bzimage_bytes << " bytes (" << r.kernel_image.string() << ")\n"
              << "vmlinux: text " << r.vmlinux.text << ", data " << r.vmlinux.data << ", bss "
              << r.vmlinux.bss << "\n";
  if (r.modules_bytes)
    std::cout << "modules: " << *r.modules_bytes << " bytes"
              << (r.modules_tree.empty() ? "" : " (installed in " + r.modules_tree.string() + ")")
              << "\n";
  std::cout << "log:     " << r.log.string() << "\n";
  if (!r.error_excerpt.empty()) std::cout << "error:\n" << r.error_excerpt;
}

int run(BuildOptions& options) {
  run::PreparedConfig prepared = prepare_config(options.tree);
  options.settings.timeout = std::chrono::seconds(options.timeout_seconds);
  builder::KernelBuilder worker(prepared.tools.tree(), prepared.tools.workdir(), options.settings,
                                options.worker);
  util::note("building in " + worker.build_dir().string() + " with -j" +
             std::to_string(builder::jobs_per_worker(options.settings)));
  builder::BuildResult result = worker.build(prepared.resolved.config);
  if (options.json)
    std::cout << to_json(result).dump(2) << "\n";
  else
    print_text(result);
  switch (result.status) {
  case builder::BuildStatus::ok:
    return util::exit_codes::success;
  case builder::BuildStatus::infra_error:
    return util::exit_codes::environment; // not the config
  case builder::BuildStatus::cancelled:
    return util::exit_codes::interrupted;
  default:
    return util::exit_codes::failed_verdict;
  }
}

} // namespace

void add_build_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BuildOptions>();
  CLI::App* command =
      app.add_subcommand("build", "Build one config incrementally and measure the kernel");
  add_tree_options(*command, options->tree);
  command->add_option("--jobs,-j", options->settings.jobs, "make -j (default: all cores)")
      ->check(CLI::Range(0, builder::max_jobs));
  command
      ->add_option("--build-timeout", options->timeout_seconds,
                   "seconds before the build is killed")
      ->check(CLI::Range(1, int(builder::max_build_timeout.count())))
      ->capture_default_str();
  command
      ->add_option("--worker", options->worker,
                   "which worker build directory to use (builds are incremental in it)")
      ->check(CLI::Range(0, builder::max_workers - 1))
      ->capture_default_str();
  command->add_flag("--modules", options->settings.with_modules,
                    "also build the modules and install them (make modules_install, stripped) "
                    "in the worker's kshrink-modules directory; their bytes are measured");
  command->add_option("--distcc-hosts", options->settings.distcc_hosts,
                      "compile through distcc on these hosts (DISTCC_HOSTS syntax)");
  command->add_flag("--json", options->json, "print the result as one JSON object");
  command->callback([options, &exit_code] { exit_code = run(*options); });
}

} // namespace kshrink::service::cli
