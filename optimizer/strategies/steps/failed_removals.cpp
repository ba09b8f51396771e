// What failed removals imply: a removal that takes away all that is left of one fails too.
#include "optimizer/strategies/steps/failed_removals.h"

#include <algorithm>
#include <map>

namespace kshrink::optimizer {
namespace {

/// The symbols of `removal` that are still on in the best.
std::vector<std::string> left_on(const std::set<std::string>& removal, const Engine& engine) {
  std::vector<std::string> on;
  for (const auto& symbol : removal)
    if (auto value = engine.best().config.value(symbol); value == "y" || value == "m")
      on.push_back(symbol);
  return on;
}

} // namespace

void FailedRemovals::add_failed(const std::vector<Candidate>& candidates,
                                const std::vector<Verdict>& verdicts) {
  for (size_t i = 0; i < verdicts.size(); ++i)
    if (meaning(verdicts[i]).evidence_of_need) {
      auto symbols = removed_symbols(candidates[i]);
      failed_.emplace_back(symbols.begin(), symbols.end());
    }
}

bool FailedRemovals::implies_failure(const std::set<std::string>& removing,
                                     const Engine& engine) const {
  return std::any_of(failed_.begin(), failed_.end(), [&](const auto& removal) {
    auto on = left_on(removal, engine); // the rest went in removals that passed
    return !on.empty() && std::all_of(on.begin(), on.end(), [&](const std::string& symbol) {
      return removing.contains(symbol);
    });
  });
}

std::vector<std::string> FailedRemovals::needed(const Engine& engine,
                                                const std::vector<Target>& targets) const {
  std::vector<std::string> needed;
  std::set<std::string> seen;
  for (const auto& removal : failed_)
    if (auto on = left_on(removal, engine); on.size() == 1 && seen.insert(on.front()).second)
      needed.push_back(on.front());
  std::map<std::string, size_t> latest; // the last failed removal that held each symbol
  for (size_t i = 0; i < failed_.size(); ++i)
    for (const auto& symbol : failed_[i])
      latest[symbol] = i;
  std::stable_sort(needed.begin(), needed.end(),
                   [&](const auto& a, const auto& b) { return latest[a] < latest[b]; });
  std::map<std::string, const Target*> by_symbol;
  for (const auto& target : targets)
    by_symbol.emplace(target.symbol, &target);
  for (size_t i = 0; i < needed.size(); ++i) // grows as it goes: ancestors of ancestors
    if (auto it = by_symbol.find(needed[i]); it != by_symbol.end())
      for (const auto& parent : it->second->depends)
        if (by_symbol.contains(parent) && seen.insert(parent).second) needed.push_back(parent);
  return needed;
}

} // namespace kshrink::optimizer
