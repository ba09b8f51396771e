// Base config: a breadth-first closure over 'depends on' within the start config.
#include "run/base_config.h"

#include <deque>
#include <set>

namespace kshrink::run {

BaseConfig make_base(kconfig::ConfigFile tiny, const kconfig::SymbolTable& start,
                     const std::vector<Wanted>& wanted, const std::vector<std::string>& gates) {
  BaseConfig base{std::move(tiny), {}, {}};
  for (const auto& gate : gates)
    if (const auto* symbol = start.find(gate); symbol && symbol->has_prompt) {
      base.config.set(gate, "y");
      base.origin[gate] = "gate: makes prompts settable, adds no code";
    }
  // Dependencies are followed only where the start config enables them: `depends on !X` or
  // `depends on X || COMPILE_TEST` are met the way the start config meets them.
  struct Item {
    Wanted wanted;
    bool dependency = false;
  };
  std::deque<Item> queue;
  for (const auto& w : wanted)
    queue.push_back({w});
  std::set<std::string> seen;
  while (!queue.empty()) {
    auto [next, dependency] = queue.front();
    queue.pop_front();
    if (!seen.insert(next.symbol).second) continue;
    const kconfig::Symbol* symbol = start.find(next.symbol);
    bool enabled = symbol && (symbol->value == "y" || symbol->value == "m");
    if (dependency && !enabled) continue;
    if (!symbol) {
      base.skipped.push_back(next.symbol + ": no such symbol in this tree (" + next.why + ")");
      continue;
    }
    if (!enabled) {
      base.skipped.push_back(next.symbol + ": off in the start config (" + next.why + ")");
      continue;
    }
    if (symbol->choice) {
      base.skipped.push_back(next.symbol + ": a choice member, left to the choice (" + next.why +
                             ")");
      continue;
    }
    bool settable = symbol->has_prompt && (symbol->type == "bool" || symbol->type == "tristate");
    if (settable && !base.origin.contains(next.symbol)) {
      base.config.set(next.symbol, "y");
      base.origin[next.symbol] = next.why;
    }
    for (const auto* names : {&symbol->depends_symbols, &symbol->visibility_symbols})
      for (const auto& name : *names)
        if (!seen.contains(name)) queue.push_back({{name, "dependency of " + next.symbol}, true});
  }
  return base;
}

} // namespace kshrink::run
