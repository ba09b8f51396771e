// Profile: what a target machine and the checks actually use — modules loaded, the driver
// bound to each device, file systems mounted and available — made by `kshrink probe` on a
// machine or by booting a distro's prebuilt kernel under the checks. It tells a run which
// start-config options to build in first (see run/base_config.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::profile {

/// A module that was loaded, with its file below /lib/modules/RELEASE when known.
struct LoadedModule {
  std::string name; ///< as /proc/modules spells it ("virtio_pci")
  std::string path; ///< "kernel/drivers/virtio/virtio_pci.ko", or empty
};

/// A device and the driver bound to it.
struct BoundDriver {
  std::string bus, device, driver;
};

/// One machine's profile.
struct Profile {
  std::string source;  ///< where it was made: "probe on HOST", "Debian's prebuilt 6.1.0-57-amd64"
  std::string release; ///< the running kernel's release (uname -r), if known
  std::vector<LoadedModule> modules;
  std::vector<BoundDriver> drivers;
  std::vector<std::string> mounted;     ///< file system types mounted
  std::vector<std::string> filesystems; ///< file system types the kernel offered
  std::vector<std::string> unseen;      ///< what could not be seen there, one line each
  std::string config; ///< the running kernel's config, as a path, if one was found
};

/// A module name as modprobe compares them ('-' and '_' alike): "virtio-pci" -> "virtio_pci".
std::string module_key(std::string name);

/// The profile as JSON text (the file `kshrink probe` writes).
std::string to_json(const Profile& profile);

/// Reads a profile file. Only "modules" is required (a list of names, or of {"name","path"}),
/// so a person can write one by hand. Throws util::Error naming the file and the problem.
Profile read_profile(const std::filesystem::path& path);

/// Parses profile JSON text; `origin` names it in errors.
Profile parse_profile(const std::string& text, const std::string& origin);

} // namespace kshrink::profile
