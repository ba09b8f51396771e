// Module -> Kconfig symbol, read from the tree's kbuild lines (the mapping `make
// localmodconfig` makes): a module's file ("kernel/fs/ext4/ext4.ko") is the object
// `obj-$(CONFIG_EXT4_FS) += ext4.o` makes in fs/ext4/; without a path, the object named
// like the module, wherever it is.
#pragma once

#include "builder/object_sizes.h"
#include "profile/profile.h"

#include <map>
#include <string>
#include <vector>

namespace kshrink::profile {

/// What a profile's modules map to.
struct ModuleSymbols {
  std::map<std::string, std::vector<std::string>> symbols; ///< module -> symbols that build it
  std::vector<std::string> unmapped; ///< modules no kbuild line of this tree builds
};

/// Maps every module of `profile` through `objects` (see builder::read_object_map).
ModuleSymbols map_modules(const Profile& profile, const builder::ObjectMap& objects);

} // namespace kshrink::profile
