// BuildResult: what one kernel build produced: a status (a verdict, never an exception), the
// measured artifacts, the log and the lines that explain a failure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace kshrink::builder {

/// How a build ended. `infra_error` is kshrink's (or the machine's) fault, never the config's.
enum class BuildStatus { ok, build_failed, timeout, cancelled, infra_error };

/// The status as a lowercase word ("ok", "build_failed", ...).
const char* to_string(BuildStatus status);

/// Section sizes of vmlinux, as `size` reports them.
struct VmlinuxSize {
  uint64_t text = 0, data = 0, bss = 0;
  uint64_t total() const { return text + data + bss; }
};

/// The outcome of building one config.
struct BuildResult {
  BuildStatus status = BuildStatus::infra_error;
  double seconds = 0;
  std::string config_hash;               ///< hash of the resolved config that was built
  uint64_t bzimage_bytes = 0;            ///< arch/x86/boot/bzImage
  VmlinuxSize vmlinux;                   ///< text+data+bss of vmlinux
  std::optional<uint64_t> modules_bytes; ///< installed *.ko in all, when modules were asked for
  /// Where modules_install put them (lib/modules/RELEASE below it); empty when the config
  /// has none. Valid until the worker's next build.
  std::filesystem::path modules_tree;
  std::filesystem::path kernel_image; ///< bzImage; valid until the worker's next build
  std::filesystem::path log;          ///< the full build log
  std::string error_excerpt;          ///< first error lines, for failures
  int worker = -1;                    ///< which pool worker built it
};

} // namespace kshrink::builder
