// Chunks of removal targets: what each removal takes away, and the groups that fit a size.
#include "optimizer/strategies/steps/chunks.h"

#include <algorithm>

namespace kshrink::optimizer {

TakenAway::TakenAway(const std::vector<Target>& targets) {
  for (const auto& target : targets)
    for (const auto& parent : target.depends)
      dependents_[parent].push_back(target.symbol);
}

const std::set<std::string>& TakenAway::of(const std::string& symbol) {
  if (auto it = memo_.find(symbol); it != memo_.end()) return it->second;
  std::set<std::string> away{symbol};
  memo_[symbol] = away; // Kconfig forbids dependency loops; this guards the walk anyway
  if (auto it = dependents_.find(symbol); it != dependents_.end())
    for (const auto& dependent : it->second) {
      const auto& below = of(dependent);
      away.insert(below.begin(), below.end());
    }
  return memo_[symbol] = std::move(away);
}

std::set<std::string> TakenAway::of(const std::vector<std::string>& symbols) {
  std::set<std::string> away;
  for (const auto& symbol : symbols) {
    const auto& below = of(symbol);
    away.insert(below.begin(), below.end());
  }
  return away;
}

Candidate removal(const std::vector<const Target*>& targets) {
  Candidate candidate;
  std::set<std::string> gates;
  for (const Target* target : targets) {
    if (!target->gate.empty() && gates.insert(target->gate).second)
      candidate.push_back({target->gate, "y"});
    candidate.push_back({target->symbol, "n"});
  }
  return candidate;
}

std::vector<Candidate> removal_chunks(const std::vector<Target>& targets, size_t chunk) {
  TakenAway taken(targets);
  std::vector<Candidate> candidates;
  for (bool wide : {false, true}) {
    std::vector<const Target*> group;
    std::set<std::string> covered; // what the group takes away
    auto close = [&] {
      if (!group.empty()) candidates.push_back(removal(group));
      group.clear(), covered.clear();
    };
    for (const auto& target : targets) {
      if (target.wide != wide) continue;
      const auto& away = taken.of(target.symbol);
      size_t more = size_t(std::count_if(
          away.begin(), away.end(), [&](const std::string& s) { return !covered.contains(s); }));
      if (!group.empty() && covered.size() + more > chunk) close();
      group.push_back(&target);
      covered.insert(away.begin(), away.end());
    }
    close();
  }
  return candidates;
}

} // namespace kshrink::optimizer
