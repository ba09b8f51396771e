// Enabling closure: what must be set for Kconfig to keep an option on that another config
// enables — the option, and what its 'depends on' and prompt condition name, transitively,
// as far as that config enables them ('depends on !X' and 'X || COMPILE_TEST' are met the
// way it meets them). A base config and the grow phase both add options this way.
#pragma once

#include "kconfig/symbol_table.h"

#include <string>
#include <vector>

namespace kshrink::kconfig {

/// y or m.
bool enabled(const std::string& value);

/// A bool or tristate with a prompt: a user can set it.
bool settable(const Symbol& symbol);

/// One symbol of a closure and the one whose condition named it (empty for the first).
struct ClosureStep {
  std::string symbol, needed_by;
};

/// `name` and its enabling closure within `table`, breadth first, settable symbols only.
/// Empty if `table` lacks `name`, leaves it off, or makes it a choice member (a choice is
/// switched, not set); the walk stops the same way at such dependencies.
std::vector<ClosureStep> enabling_closure(const SymbolTable& table, const std::string& name);

} // namespace kshrink::kconfig
