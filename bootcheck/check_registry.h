// The one registry of checks: names and descriptions for the CLI, API and metric labels, and
// parsing of a --checks list.
#pragma once

#include "bootcheck/check.h"

#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// A check users can name.
struct CheckEntry {
  std::string name;
  std::string description;
};

/// Every built-in check, plus "script:PATH".
const std::vector<CheckEntry>& check_entries();

/// Parses "boot,ext4,script:/x.sh". `boot` is always first, added if absent; duplicates are
/// dropped. Throws util::Error for an unknown name, listing the valid ones.
std::vector<Check> parse_checks(const std::string& list);

/// The PATHs of the `script:PATH` checks in a --checks list, in order (nothing is read).
std::vector<std::string> check_script_paths(const std::string& list);

} // namespace kshrink::bootcheck
