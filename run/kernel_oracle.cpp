// KernelOracle: build statuses and boot statuses mapped onto verdicts; artifacts kept.
#include "run/kernel_oracle.h"

#include "util/files.h"

namespace fs = std::filesystem;

namespace kshrink::run {
namespace {

optimizer::Verdict from_build(builder::BuildStatus status) {
  using builder::BuildStatus;
  using optimizer::Verdict;
  switch (status) {
  case BuildStatus::ok:
    return Verdict::pass;
  case BuildStatus::build_failed:
    return Verdict::build_failed;
  case BuildStatus::timeout:
    return Verdict::build_timeout;
  case BuildStatus::cancelled:
    return Verdict::cancelled;
  case BuildStatus::infra_error:
    return Verdict::infra_error;
  }
  return Verdict::infra_error;
}

optimizer::Verdict from_boot(bootcheck::BootStatus status) {
  using bootcheck::BootStatus;
  using optimizer::Verdict;
  switch (status) {
  case BootStatus::pass:
    return Verdict::pass;
  case BootStatus::boot_failed:
    return Verdict::boot_failed;
  case BootStatus::timeout:
    return Verdict::boot_timeout;
  case BootStatus::cancelled:
    return Verdict::cancelled;
  case BootStatus::infra_error:
    return Verdict::infra_error;
  }
  return Verdict::infra_error;
}

void copy_if_exists(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::exists(from)) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
}

} // namespace

optimizer::Outcome KernelOracle::judge(const kconfig::ResolvedConfig& config,
                                       const std::atomic<bool>* cancel) {
  ++builds_;
  fs::path dir = artifacts_ / config.hash.substr(0, 16);
  fs::create_directories(dir);
  config.config.save(dir / "config");

  builder::BuildResult build = builder_.build(config.config, cancel);
  copy_if_exists(build.log, dir / "build.log");
  optimizer::Outcome outcome{.verdict = from_build(build.status),
                             .computed = true,
                             .build_seconds = build.seconds,
                             .config_path = (dir / "config").string(),
                             .log_path = (dir / "build.log").string()};
  if (build.status != builder::BuildStatus::ok) {
    outcome.detail = build.error_excerpt;
    return outcome;
  }
  outcome.bytes = objective_bytes(objective_, build);
  outcome.tiebreak = build.vmlinux.total();
  // The worker's bzImage is overwritten by its next build: boot a copy.
  fs::path kernel = dir / "bzImage", modules;
  copy_if_exists(build.kernel_image, kernel);
  if (!build.modules_tree.empty()) {
    modules = dir / "modules";
    std::error_code ec;
    fs::remove_all(modules, ec);
    fs::copy(build.modules_tree, modules, fs::copy_options::recursive, ec);
    if (ec) {
      outcome.verdict = optimizer::Verdict::infra_error;
      outcome.detail =
          "cannot copy the modules of " + build.modules_tree.string() + ": " + ec.message();
      return outcome;
    }
  }
  bootcheck::BootVerdict boot = checker_.check(kernel, cancel, modules);
  copy_if_exists(boot.console_log, dir / "console.log");
  outcome.boot_seconds = boot.seconds;
  outcome.verdict = from_boot(boot.status);
  if (boot.status != bootcheck::BootStatus::pass) {
    outcome.detail =
        boot.failed_check.empty() ? boot.reason : boot.failed_check + ": " + boot.reason;
    if (!boot.excerpt.empty()) outcome.detail += "\n" + boot.excerpt;
    std::error_code ec;
    fs::remove(kernel, ec); // only passing kernels are worth their megabytes
    if (!modules.empty()) fs::remove_all(modules, ec);
    return outcome;
  }
  builder_.park(build); // the next candidates are likely this one minus a little
  return outcome;
}

} // namespace kshrink::run
