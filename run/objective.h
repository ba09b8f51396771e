// Objective: what a run minimizes, read from a build result.
#pragma once

#include "builder/build_result.h"

#include <string>
#include <vector>

namespace kshrink::run {

/// The measure a run minimizes.
enum class Objective { bzimage, vmlinux, bzimage_with_modules };

/// Parses "bzimage", "vmlinux" or "bzimage+modules"; throws util::Error listing them.
Objective parse_objective(const std::string& name);
/// The objective's name as users write it.
std::string to_string(Objective objective);
/// The objective's bytes for a successful build.
uint64_t objective_bytes(Objective objective, const builder::BuildResult& build);

} // namespace kshrink::run
