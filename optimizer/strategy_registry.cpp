// The strategy registry: every strategy by name, the default first.
#include "optimizer/strategies/ddmin.h"
#include "optimizer/strategies/linear.h"
#include "optimizer/strategies/split.h"
#include "optimizer/strategy.h"
#include "util/error.h"

namespace kshrink::optimizer {

const std::vector<StrategyEntry>& strategy_entries() {
  static const std::vector<StrategyEntry> entries = {
      {"ddmin", "delta debugging over symbols, largest first, ending 1-minimal (default)",
       [] { return std::make_unique<DdminStrategy>(); }},
      {"split", "binary splitting: groups sized by the needed share found so far, ending 1-minimal",
       [] { return std::make_unique<SplitStrategy>(); }},
      {"linear", "one symbol at a time, like ktest.pl make_min_config (baseline)",
       [] { return std::make_unique<LinearStrategy>(); }},
  };
  return entries;
}

std::unique_ptr<Strategy> make_strategy(const std::string& name) {
  std::string names;
  for (const auto& entry : strategy_entries()) {
    if (entry.name == name) return entry.make();
    names += (names.empty() ? "" : ", ") + entry.name;
  }
  throw util::Error("unknown strategy '" + name + "': valid strategies are " + names);
}

} // namespace kshrink::optimizer
