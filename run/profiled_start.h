// A run's start from a profile: the profile (a file, or the distro's prebuilt kernel booted
// under the checks, kept with the run so a resume does not boot it again), its modules
// mapped to the tree's symbols, the base config the search starts from, and the
// expert-minimal reference it is measured against.
#pragma once

#include "bootcheck/check.h"
#include "builder/object_sizes.h"
#include "kconfig/kconfig_tools.h"
#include "kconfig/symbol_table.h"
#include "optimizer/search_space.h"
#include "profile/profile.h"
#include "run/base_config.h"
#include "run/run_settings.h"
#include "util/run_files.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::run {

/// What a run from a profile starts with.
struct ProfiledStart {
  profile::Profile profile;
  BaseConfig base;      ///< harness, checks' features, the profile's modules, their closure
  BaseConfig reference; ///< harness, checks' features, the backend's device drivers
  kconfig::SymbolTable start_symbols; ///< the start config's, for growing a failing base
  std::string distro_kernel;          ///< the prebuilt kernel profiled, if one was
  uint64_t distro_kernel_bytes = 0;
};

/// The profile setting `settings` means: "none", "prebuilt" or a file path.
std::string profile_mode(const RunSettings& settings);

/// Makes the start for `settings` (whose profile mode is not "none"). `start` is the
/// resolved start config, `gates` are turned on in the base; the profile is cached as
/// the run's profile.json. Throws util::Error for a bad profile file, a distro kernel that cannot
/// be had or fails the checks.
ProfiledStart profiled_start(const RunSettings& settings, const kconfig::KconfigTools& tools,
                             const kconfig::ConfigFile& start,
                             const std::vector<bootcheck::Check>& checks,
                             const builder::ObjectMap& objects,
                             const std::vector<std::string>& gates, const util::RunFiles& files);

/// The config the search starts from: the base if it passes, else the base grown toward the
/// start config until it passes (optimizer/grow.h), its added options noted in the base's
/// origins and config. `settings` give the workers and what grow may never add (--drop).
/// Throws util::Error if nothing passes, naming the base's failure.
kconfig::ConfigFile passing_start(ProfiledStart& start, optimizer::ConfigResolver& resolver,
                                  optimizer::Oracle& oracle, const RunSettings& settings);

} // namespace kshrink::run
