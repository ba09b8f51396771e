// `kshrink probe` on the machine it runs on: the probe's findings script run by /bin/sh
// here, module files from this kernel's modules.dep, and this kernel's config as a possible
// start config. What cannot be seen (no PCI, no USB, no module index: a container) is said.
#pragma once

#include "profile/profile.h"

#include <filesystem>

namespace kshrink::profile {

/// Profiles this machine (using `scratch` for the script's output). Throws util::Error only
/// when /bin/sh cannot run the probe at all.
Profile probe_this_machine(const std::filesystem::path& scratch);

} // namespace kshrink::profile
