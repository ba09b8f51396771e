// Bytes saved per symbol and per top-level menu. Only accepted steps are measured, and a step
// often changes several symbols (its mutations and the dependents Kconfig took with them), so
// each step's measured saving is shared among the symbols it changed in proportion to their
// estimated bytes (run/run_estimates.h). A symbol that was the only one with bytes in its step
// carries the step's whole measured saving and is marked measured; the others are marked
// estimated. The shares of a step always add up to what the step measured.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kshrink::run {

/// One accepted step: the bytes it saved and the symbols it changed.
struct StepChange {
  uint64_t bytes_saved = 0;
  std::vector<std::string> mutated;    ///< the symbols its candidate set
  std::vector<std::string> dependents; ///< the others whose value changed with them
};

/// One symbol's share of the saving.
struct SymbolSaving {
  std::string symbol, menu;
  uint64_t bytes = 0;
  bool measured = false; ///< its step's whole saving, not a share by estimate
};

/// One top-level menu's sum.
struct MenuSaving {
  std::string menu;
  uint64_t bytes = 0;
  size_t symbols = 0; ///< with a share above 0
};

struct SizeBreakdown {
  std::vector<SymbolSaving> symbols; ///< largest first; symbols with a share above 0
  std::vector<MenuSaving> menus;     ///< largest first
};

/// The menu of symbols that sit in no menu at all.
inline constexpr const char* top_level_menu = "(top level)";

/// Shares the steps' savings out. `estimate` gives a symbol's estimated bytes; `menu_of` its
/// outermost menu (top_level_menu for none). A step whose symbols all estimate at 0 is
/// shared equally among its mutated symbols.
SizeBreakdown break_down(const std::vector<StepChange>& steps,
                         const std::function<uint64_t(const std::string&)>& estimate,
                         const std::function<std::string(const std::string&)>& menu_of);

} // namespace kshrink::run
