// The difference between two configs as the tree's scripts/diffconfig reads and prints it:
// `kshrink diff` (start to best) and the fragment that turns one config into the other.
#pragma once

#include "kconfig/config_file.h"

#include <optional>
#include <string>
#include <vector>

namespace kshrink::kconfig {

/// One symbol whose line differs: `before` or `after` is empty where that config does not
/// name the symbol at all ("# CONFIG_X is not set" is the value "n", not absence).
struct ConfigChange {
  std::string symbol;
  std::optional<std::string> before, after;
};

/// The changes from `from` to `to`, in diffconfig's order: symbols only `from` names, then
/// symbols whose value changed, then symbols only `to` names, each group sorted by name.
std::vector<ConfigChange> diff_configs(const ConfigFile& from, const ConfigFile& to);

/// The changes as `scripts/diffconfig FROM TO` prints them: "-X y", " X y -> n", "+X m".
std::string diffconfig_text(const std::vector<ConfigChange>& changes);

/// The changes as `scripts/diffconfig -m FROM TO` prints them: a fragment of the new and
/// changed values that scripts/kconfig/merge_config.sh applies to FROM.
std::string fragment_text(const std::vector<ConfigChange>& changes);

/// How many changes are removals, value changes and additions.
struct ChangeCounts {
  size_t removed = 0, changed = 0, added = 0;
};
ChangeCounts count_changes(const std::vector<ConfigChange>& changes);

} // namespace kshrink::kconfig
