// KernelBuilder: write .config (only when it changed, so kbuild sees no needless change), run
// make in its own process group, classify the outcome and measure the artifacts.
#include "builder/kernel_builder.h"

#include "builder/artifact_sizes.h"
#include "builder/build_environment.h"
#include "builder/log_excerpt.h"
#include "kconfig/kconfig_tools.h"
#include "util/directory_mirror.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace fs = std::filesystem;

namespace kshrink::builder {
namespace {

/// Free space below which a failed build is blamed on the disk, whatever its log says.
constexpr uint64_t nearly_full_bytes = uint64_t(64) << 20;

BuildResult infra_error(std::string why, fs::path log) {
  BuildResult result;
  result.status = BuildStatus::infra_error;
  result.error_excerpt = std::move(why);
  result.log = std::move(log);
  return result;
}

} // namespace

KernelBuilder::KernelBuilder(tree::KernelTree tree, util::WorkDir workdir, BuildSettings settings,
                             int index, util::CommandRunner& runner)
    : tree_(std::move(tree)), workdir_(std::move(workdir)), runner_(runner),
      settings_(std::move(settings)), index_(index),
      build_dir_(workdir_.builder(tree_.key, index)) {
  try {
    if (fs::exists(build_dir_ / ".config"))
      last_config_ = kconfig::ConfigFile::load(build_dir_ / ".config");
  } catch (const util::Error&) { // not a config kshrink wrote: distance from nothing
  }
}

void KernelBuilder::restore(const fs::path& parked, const kconfig::ConfigFile& config) {
  try {
    util::mirror_directory(parked, build_dir_);
    last_config_ = config;
  } catch (const util::Error& e) {
    std::error_code ec;
    fs::remove_all(build_dir_, ec);
    last_config_ = {};
    throw util::EnvironmentError(std::string(e.what()) +
                                 " (worker emptied: its next build is clean)");
  }
}

BuildResult KernelBuilder::build(const kconfig::ConfigFile& config,
                                 const std::atomic<bool>* cancel) {
  std::error_code ec;
  fs::create_directories(build_dir_, ec);
  if (!ec && !settings_.distcc_hosts.empty()) fs::create_directories(workdir_.distcc(), ec);
  fs::path log = build_dir_ / "kshrink-build.log";
  if (ec) return infra_error("cannot create " + build_dir_.string() + ": " + ec.message(), log);
  if (uint64_t free = util::available_bytes(build_dir_); free < settings_.min_free_bytes)
    return infra_error("only " + std::to_string(free >> 20) + " MiB free in " +
                           build_dir_.string() + ": not building",
                       log);
  fs::path dot_config = build_dir_ / ".config";
  try {
    std::string text = config.text();
    if (!fs::exists(dot_config) || util::read_file(dot_config) != text)
      util::write_file_atomic(dot_config, text);
  } catch (const std::exception& e) {
    return infra_error(e.what(), log);
  }
  last_config_ = config;
  bool modules = settings_.with_modules && config.value("MODULES") == "y";
  BuildResult result = run_make(modules, cancel);
  if (settings_.with_modules && result.status == BuildStatus::ok) {
    result.modules_bytes = 0; // a config without MODULES has none
    if (modules) install_modules(result, cancel);
  }
  result.config_hash = config.hash();
  result.worker = index_;
  return result;
}

BuildResult KernelBuilder::run_make(bool modules, const std::atomic<bool>* cancel) {
  fs::path log = build_dir_ / "kshrink-build.log";
  util::Command make{.program = "make",
                     .args = make_arguments(build_dir_, jobs_per_worker(settings_), modules),
                     .cwd = tree_.source,
                     .env = build_environment(settings_, workdir_),
                     .output = log,
                     .timeout = settings_.timeout,
                     .cancel = cancel};
  util::CommandResult ran = runner_.run(make);
  BuildResult result;
  result.log = log;
  result.seconds = ran.seconds;
  using Status = util::CommandResult::Status;
  if (ran.status == Status::failed_to_start) return infra_error(ran.describe(), log);
  if (ran.status == Status::timed_out || ran.status == Status::cancelled) {
    result.status = ran.status == Status::timed_out ? BuildStatus::timeout : BuildStatus::cancelled;
    result.error_excerpt = ran.describe();
    return result;
  }
  std::string text;
  try {
    text = util::read_file(log);
  } catch (const std::exception& e) {
    return infra_error(e.what(), log);
  }
  if (!ran.ok()) {
    // A disk that filled may have taken the compiler's message with it (the log is on it).
    if (uint64_t free = util::available_bytes(build_dir_); free < nearly_full_bytes)
      return infra_error("the build failed with " + std::to_string(free >> 10) + " KiB free in " +
                             build_dir_.string() + ": No space left on device",
                         log);
    // A compiler that does not run fails Kconfig's own check ("Sorry, this C compiler is not
    // supported") whatever the config: a broken ccache, say.
    if (std::string fault = compiler_fault(); !fault.empty()) return infra_error(fault, log);
    result.status =
        is_infrastructure_failure(text) ? BuildStatus::infra_error : BuildStatus::build_failed;
    result.error_excerpt = error_excerpt(text);
    return result;
  }
  result.kernel_image = build_dir_ / "arch/x86/boot/bzImage";
  std::error_code ec;
  result.bzimage_bytes = fs::file_size(result.kernel_image, ec);
  auto vmlinux = measure_vmlinux(build_dir_ / "vmlinux", runner_);
  if (ec || !vmlinux)
    return infra_error("make succeeded but bzImage or vmlinux cannot be measured", log);
  result.vmlinux = *vmlinux;
  result.status = BuildStatus::ok;
  return result;
}

std::string KernelBuilder::compiler_fault() {
  fs::path log = build_dir_ / "kshrink-compiler.log";
  util::CommandResult ran = runner_.run({.program = kconfig::kernel_compiler,
                                         .args = {"--version"},
                                         .env = build_environment(settings_, workdir_),
                                         .output = log,
                                         .timeout = std::chrono::seconds(60)});
  if (ran.ok()) return "";
  std::string said = util::tail_of_file(log, 1);
  if (said.ends_with('\n')) said.pop_back();
  return std::string("the compiler does not run (") + kconfig::kernel_compiler +
         " --version, through ccache: " + ran.describe() + ")" + (said.empty() ? "" : ": " + said);
}

void KernelBuilder::install_modules(BuildResult& result, const std::atomic<bool>* cancel) {
  fs::path staging = build_dir_ / "kshrink-modules", log = build_dir_ / "kshrink-install.log";
  std::error_code ec;
  fs::remove_all(staging, ec); // only this build's modules
  util::CommandResult ran = runner_.run({.program = "make",
                                         .args = modules_install_arguments(build_dir_, staging),
                                         .cwd = tree_.source,
                                         .env = build_environment(settings_, workdir_),
                                         .output = log,
                                         .timeout = settings_.timeout,
                                         .cancel = cancel});
  result.seconds += ran.seconds;
  if (ran.ok()) {
    result.modules_tree = staging;
    result.modules_bytes = total_module_bytes(staging);
    return;
  }
  // The modules built; installing them is kbuild's own step (depmod included): a failure
  // there is the environment's, unless the build was stopped or ran out of time.
  using Status = util::CommandResult::Status;
  result.log = log;
  result.error_excerpt = ran.describe() + "\n" + util::tail_of_file(log, 5);
  result.status = ran.status == Status::cancelled   ? BuildStatus::cancelled
                  : ran.status == Status::timed_out ? BuildStatus::timeout
                                                    : BuildStatus::infra_error;
}

} // namespace kshrink::builder
