// Build environment: identical inputs give identical outputs and ccache hits across workers.
#include "builder/build_environment.h"

#include "kconfig/kconfig_tools.h"

#include <cstdlib>
#include <thread>

namespace fs = std::filesystem;

namespace kshrink::builder {

std::map<std::string, std::string> build_environment(const BuildSettings& settings,
                                                     const util::WorkDir& workdir) {
  const char* path = std::getenv("PATH");
  std::map<std::string, std::string> env = {
      {"KBUILD_BUILD_TIMESTAMP", "Thu Jan  1 00:00:00 UTC 2026"},
      {"KBUILD_BUILD_USER", "kshrink"},
      {"KBUILD_BUILD_HOST", "kshrink"},
      {"KBUILD_BUILD_VERSION", "1"},
      // The masquerade directory first: kbuild's CC stays "gcc", so Kconfig sees the same
      // compiler as the resolver did, and every compile goes through ccache.
      {"PATH", std::string(ccache_masquerade_dir) + ":" + (path ? path : "/usr/bin:/bin")},
      {"CCACHE_DIR", workdir.ccache().string()},
      {"CCACHE_MAXSIZE", settings.ccache_max_size},
      // Workers build in sibling directories: paths under the work dir are hashed relative to
      // the build directory, and the directory itself is left out, so workers share hits.
      {"CCACHE_BASEDIR", workdir.root().string()},
      {"CCACHE_NOHASHDIR", "1"},
  };
  if (!settings.distcc_hosts.empty()) {
    env["CCACHE_PREFIX"] = "distcc";
    env["DISTCC_HOSTS"] = settings.distcc_hosts;
    env["DISTCC_DIR"] = workdir.distcc().string();
  }
  for (const auto& [name, value] : settings.extra_env)
    env[name] = value;
  return env;
}

std::vector<std::string> make_arguments(const fs::path& out_dir, int jobs, bool with_modules) {
  std::vector<std::string> args = {"O=" + out_dir.string(),
                                   std::string("ARCH=") + kconfig::kernel_arch,
                                   "-j" + std::to_string(jobs), "bzImage"};
  if (with_modules) args.push_back("modules");
  return args;
}

std::vector<std::string> modules_install_arguments(const fs::path& out_dir,
                                                   const fs::path& install_dir) {
  return {"O=" + out_dir.string(), std::string("ARCH=") + kconfig::kernel_arch,
          "INSTALL_MOD_PATH=" + install_dir.string(), "INSTALL_MOD_STRIP=1", "modules_install"};
}

int jobs_per_worker(const BuildSettings& settings) {
  if (settings.jobs > 0) return settings.jobs;
  int cores = int(std::thread::hardware_concurrency());
  return std::max(1, cores / std::max(1, settings.workers));
}

} // namespace kshrink::builder
