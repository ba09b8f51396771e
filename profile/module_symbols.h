// Module -> Kconfig symbol, read from the tree's kbuild lines (the mapping `make
// localmodconfig` makes): a module's file ("kernel/fs/ext4/ext4.ko") is the object
// `obj-$(CONFIG_EXT4_FS) += ext4.o` makes in fs/ext4/; without a path, the object named
// like the module, wherever it is. A driver bound to a device in the profile maps the same way
// by its name ("virtio-pci" -> virtio_pci.o), for a driver built in where the profile was made
// but a module in the start config.
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
  /// Bound drivers that are not loaded modules but name an object of the tree -> its symbols.
  /// Drivers that name no object (most built-in ones: "serial8250") are not listed.
  std::map<std::string, std::vector<std::string>> drivers;
};

/// Maps every module and bound driver of `profile` through `objects` (see
/// builder::read_object_map).
ModuleSymbols map_modules(const Profile& profile, const builder::ObjectMap& objects);

} // namespace kshrink::profile
