// RunSettings: everything `kshrink run` (and `submit`) is given; stored with the run as JSON so
// a resumed run uses exactly the same settings.
#pragma once

#include "bootcheck/boot_harness.h"
#include "builder/build_settings.h"

#include <set>
#include <string>

namespace kshrink::run {

/// A run's settings, with the defaults of the command line (those of the build pool and the
/// boot harness where they have them).
struct RunSettings {
  std::string tree; ///< empty: the default tarball
  std::string config = "defconfig";
  std::string checks = "boot";
  std::string objective = "bzimage";
  std::string budget; ///< empty: until converged
  std::string strategy = "ddmin";
  std::string boot = "qemu"; ///< or command:SCRIPT
  std::string keep, drop;    ///< comma-separated symbols
  /// Where the search starts: "" (auto: "prebuilt" for a debian start config, else "none"),
  /// "none" (the start config itself), "prebuilt" (a base from the profile of the distro's
  /// prebuilt kernel booted under the checks) or a profile file (from `kshrink probe`).
  std::string profile;
  int workers = builder::BuildSettings{}.workers;
  int jobs = builder::BuildSettings{}.jobs; ///< make -j per worker; 0: cores / workers
  int build_timeout = int(builder::BuildSettings{}.timeout.count()); ///< seconds
  int boot_timeout = int(bootcheck::BootSettings{}.timeout.count()); ///< seconds
  std::string workdir;      ///< empty: the default work directory
  std::string db;           ///< empty: WORKDIR/kshrink.db
  std::string distcc_hosts; ///< compile through distcc on these hosts; empty: locally
  std::string ccache_max_size = builder::BuildSettings{}.ccache_max_size;
};

/// The symbols of a comma-separated list such as `keep` ("CONFIG_" prefixes dropped).
std::set<std::string> symbol_list(const std::string& text);

/// Throws util::Error naming `option` unless every name in the list is a Kconfig symbol's
/// (letters, digits, '_').
void require_symbol_names(const std::string& option, const std::string& text);

/// As JSON text, and back (unknown keys are an error).
std::string to_json(const RunSettings& settings);
RunSettings settings_from_json(const std::string& json);

} // namespace kshrink::run
