// Enabling closure: a breadth-first walk over depends_symbols and visibility_symbols.
#include "kconfig/enabling_closure.h"

#include <deque>
#include <set>

namespace kshrink::kconfig {

bool enabled(const std::string& value) {
  return value == "y" || value == "m";
}

bool settable(const Symbol& symbol) {
  return symbol.has_prompt && (symbol.type == "bool" || symbol.type == "tristate");
}

std::vector<ClosureStep> enabling_closure(const SymbolTable& table, const std::string& name) {
  std::vector<ClosureStep> steps;
  std::deque<ClosureStep> queue = {{name, ""}};
  std::set<std::string> seen;
  while (!queue.empty()) {
    ClosureStep next = queue.front();
    queue.pop_front();
    const Symbol* symbol = table.find(next.symbol);
    if (!seen.insert(next.symbol).second || !symbol || !enabled(symbol->value) || symbol->choice)
      continue;
    if (settable(*symbol)) steps.push_back(next);
    for (const auto* names : {&symbol->depends_symbols, &symbol->visibility_symbols})
      for (const auto& dependency : *names)
        queue.push_back({dependency, next.symbol});
  }
  return steps;
}

} // namespace kshrink::kconfig
