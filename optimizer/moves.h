// Moves the search can make on the best config: removal targets (the symbols a mutation may
// switch off, with the bytes each is estimated to bring, in the order the search tries them,
// including those a gate such as EXPERT would make settable) and choice switches.
#pragma once

#include "kconfig/symbol_table.h"
#include "optimizer/mutation.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// One symbol the search may switch off.
struct Target {
  std::string symbol;
  uint64_t estimated_bytes = 0;
  std::string gate;  ///< a gate (EXPERT) that must be turned on for its prompt to show, or ""
  bool wide = false; ///< switching it off (or what depends on it) recompiles much of the kernel
  std::vector<std::string> menu;    ///< the menus that hold it, outermost first (needed symbols
                                    ///< cluster by menu)
  std::vector<std::string> depends; ///< the symbols its 'depends on' names
  size_t dependents = 0;            ///< symbols whose 'depends on' names it, enabled or not
};

/// Estimates the bytes a symbol brings (0 when unknown).
using SizeEstimate = std::function<uint64_t(const kconfig::Symbol&)>;

/// Estimates the share of the compiled objects a change of a symbol recompiles (0..1; 0 when
/// unknown).
using RebuildEstimate = std::function<double(const kconfig::Symbol&)>;

/// A target is wide when it, or a symbol that depends on it, recompiles this share or more.
inline constexpr double wide_rebuild_share = 0.1;

/// Symbols that are y or m, user-settable under this config (prompt visible), bool or
/// tristate, outside choices, and not pinned. Ordered so that chunks follow the Kconfig
/// structure: the tree of menus depth first, a menu's own targets (in menu order) before the
/// menus inside it, sibling menus largest first by the estimated bytes they hold with theirs;
/// a symbol outside menus heads a menu of its own, which holds the menus named after it (the
/// synthetic kernel's "menuconfig X" chains). `rebuild`, if
/// given, marks the wide targets (through the symbols that depend on each, transitively).
std::vector<Target> removal_targets(const kconfig::SymbolTable& table,
                                    const std::set<std::string>& pinned,
                                    const SizeEstimate& estimate,
                                    const RebuildEstimate& rebuild = {});

/// The targets of `opened` (the config with `gate` turned on) merged with `targets` (those of
/// the config without it): the ones only the gate makes settable carry `gate`, in the order
/// of `opened`; targets the gate would hide keep their place at the end.
std::vector<Target> with_gate(const std::vector<Target>& targets, const std::vector<Target>& opened,
                              const std::string& gate);

/// True if `name` is a gate that is off but settable in `table`: turning it on may open
/// prompts. Gates add no code of their own, so they are never accepted alone.
bool gate_closed(const kconfig::SymbolTable& table, const std::string& name);

/// One move inside a choice (kernel compression, optimization level...): select `member`
/// instead of `current`.
struct ChoiceSwitch {
  std::string choice_id, current, member;
  double rebuild_share = 0; ///< of the compiled objects, for what the switch changes
  Candidate mutations() const { return {{current, "n"}, {member, "y"}}; }
};

/// The share of the compiled objects a switch recompiles (0..1): the largest share of the
/// symbols its resolved config changes, the derived ones included (HZ_100 changes HZ).
using SwitchPrice = std::function<double(const ChoiceSwitch&)>;

/// Every switch the config allows: for each choice whose current member is a visible bool
/// set to y and not pinned, each other visible member; cheapest rebuild first by `price`
/// (kernel compression before the timer frequency), menu order among equals.
std::vector<ChoiceSwitch> choice_switches(const kconfig::SymbolTable& table,
                                          const std::set<std::string>& pinned,
                                          const SwitchPrice& price = {});

} // namespace kshrink::optimizer
