// Host probe: the shared findings script under /bin/sh, plus what only the host has.
#include "profile/host_probe.h"

#include "profile/guest_probe.h"
#include "profile/prebuilt_profile.h"
#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <unistd.h>

#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::profile {

Profile probe_this_machine(const fs::path& scratch) {
  fs::path script = scratch / "probe.sh", output = scratch / "findings.txt";
  util::write_file_atomic(script, "say() { echo \"$*\"; }\n" + findings_script());
  auto result = util::system_runner().run({.program = "/bin/sh",
                                           .args = {script.string()},
                                           .output = output,
                                           .error_output = scratch / "probe.err",
                                           .timeout = std::chrono::seconds(120)});
  if (!result.ok())
    throw util::EnvironmentError("the probe script failed here (" + result.describe() +
                                 "): " + util::last_line_of_file(scratch / "probe.err"));
  std::vector<std::string> lines;
  std::istringstream in(util::read_file(output));
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  Profile profile = read_findings(lines);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  profile.source = std::string("kshrink probe on ") + host;

  fs::path modules_dep = fs::path("/lib/modules") / profile.release / "modules.dep";
  if (fs::is_regular_file(modules_dep))
    add_module_paths(profile, modules_dep);
  else
    profile.unseen.push_back("module files: no " + modules_dep.string() +
                             " (modules are mapped by name)");
  const fs::path candidates[] = {"/proc/config.gz",
                                 fs::path("/boot") / ("config-" + profile.release)};
  for (const auto& candidate : candidates)
    if (fs::is_regular_file(candidate)) {
      profile.config = candidate.string();
      break;
    }
  if (profile.config.empty())
    profile.unseen.push_back("the running kernel's config: no /proc/config.gz, no /boot/config-" +
                             profile.release);
  return profile;
}

} // namespace kshrink::profile
