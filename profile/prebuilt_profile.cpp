// Profiling a prebuilt kernel: QEMU with the modules tree, coldplug before the checks, the
// findings reported after them through the harness's nonce-marked REPORT lines.
#include "profile/prebuilt_profile.h"

#include "bootcheck/qemu_boot_checker.h"
#include "profile/guest_probe.h"
#include "util/error.h"
#include "util/files.h"

#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::profile {
void add_module_paths(Profile& profile, const fs::path& modules_dep) {
  std::map<std::string, std::string> paths;
  std::istringstream in(util::read_file(modules_dep));
  for (std::string line; std::getline(in, line);) {
    std::string path = line.substr(0, line.find(':'));
    std::string file = fs::path(path).filename().string();
    paths[module_key(file.substr(0, file.find(".ko")))] = path;
  }
  for (auto& module : profile.modules)
    if (auto it = paths.find(module_key(module.name)); it != paths.end() && module.path.empty())
      module.path = it->second;
}

Profile profile_prebuilt_kernel(const PrebuiltKernel& kernel,
                                const std::vector<bootcheck::Check>& checks, const fs::path& dir,
                                std::chrono::seconds timeout, const std::atomic<bool>* cancel) {
  bootcheck::BootSettings settings{
      .timeout = timeout,
      .memory_mb = 2048, // the whole modules tree is unpacked into the guest's rootfs
      .extras = {.tree = kernel.modules,
                 .prelude = coldplug_script(),
                 .epilogue = "say() { mark REPORT \"$*\"; }\n" + findings_script()}};
  bootcheck::QemuBootChecker checker(checks, dir, settings);
  bootcheck::BootVerdict verdict = checker.check(kernel.kernel, cancel);
  for (const auto& entry : fs::directory_iterator(dir)) // the initramfs holds every module
    if (entry.path().extension() == ".cpio") fs::remove(entry.path());
  using bootcheck::BootStatus;
  if (verdict.status == BootStatus::cancelled)
    throw util::Error("interrupted while profiling Debian's prebuilt kernel " + kernel.release);
  if (verdict.status == BootStatus::infra_error)
    throw util::EnvironmentError("Debian's prebuilt kernel " + kernel.release +
                                 " could not be booted here: " + verdict.reason);
  if (verdict.status != BootStatus::pass) {
    std::string why = verdict.status == BootStatus::timeout
                          ? "did not finish its checks in " + std::to_string(timeout.count()) + " s"
                          : "fails check '" + verdict.failed_check + "' (" + verdict.reason + ")";
    throw util::Error("Debian's prebuilt kernel " + kernel.release + " with its modules " + why +
                      ": its config cannot pass these checks (give --profile FILE or --profile "
                      "none to start otherwise); console: " +
                      verdict.console_log.string());
  }
  Profile profile = read_findings(verdict.reports);
  profile.source = "Debian's prebuilt kernel " + kernel.package + " booted under the checks";
  add_module_paths(profile, kernel.modules / "lib" / "modules" / kernel.release / "modules.dep");
  return profile;
}

} // namespace kshrink::profile
