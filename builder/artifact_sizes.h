// Measures what a build produced: bzImage bytes, vmlinux sections, module bytes.
#pragma once

#include "builder/build_result.h"
#include "util/subprocess.h"

#include <filesystem>
#include <optional>
#include <string>

namespace kshrink::builder {

/// Parses `size` (Berkeley format) output: "text data bss dec hex filename" then the numbers.
std::optional<VmlinuxSize> parse_size_output(const std::string& output);

/// Runs `size` on `vmlinux` with `runner`; nullopt if it cannot.
std::optional<VmlinuxSize> measure_vmlinux(const std::filesystem::path& vmlinux,
                                           util::CommandRunner& runner);

/// Total bytes of the *.ko files under `out_dir`.
uint64_t total_module_bytes(const std::filesystem::path& out_dir);

} // namespace kshrink::builder
