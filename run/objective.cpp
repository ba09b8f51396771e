// Objectives: names and measures.
#include "run/objective.h"

#include "util/error.h"

namespace kshrink::run {

Objective parse_objective(const std::string& name) {
  if (name == "bzimage") return Objective::bzimage;
  if (name == "vmlinux") return Objective::vmlinux;
  if (name == "bzimage+modules") return Objective::bzimage_with_modules;
  throw util::Error("unknown objective '" + name + "': use bzimage, vmlinux or bzimage+modules");
}

std::string to_string(Objective objective) {
  switch (objective) {
  case Objective::bzimage:
    return "bzimage";
  case Objective::vmlinux:
    return "vmlinux";
  case Objective::bzimage_with_modules:
    return "bzimage+modules";
  }
  return "bzimage";
}

uint64_t objective_bytes(Objective objective, const builder::BuildResult& build) {
  switch (objective) {
  case Objective::bzimage:
    return build.bzimage_bytes;
  case Objective::vmlinux:
    return build.vmlinux.total();
  case Objective::bzimage_with_modules:
    return build.bzimage_bytes + build.modules_bytes.value_or(0);
  }
  return build.bzimage_bytes;
}

} // namespace kshrink::run
