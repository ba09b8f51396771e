// A round of chunks over the best's targets, restarted from the new best after each success.
#include "optimizer/strategies/rounds.h"

#include <algorithm>
#include <map>

namespace kshrink::optimizer {

RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      const std::vector<std::string>& last) {
  std::map<std::string, size_t> rank; // of the targets that go last
  for (size_t i = 0; i < last.size(); ++i)
    rank.try_emplace(last[i], i + 1);
  auto rank_of = [&](const Target& t) {
    auto it = rank.find(t.symbol);
    return it == rank.end() ? 0 : it->second;
  };
  RoundResult result;
  std::set<std::string> tried; // in chunks that did not pass
  bool announced = false;
  while (!engine.out_of_budget()) {
    std::vector<Target> targets;
    for (auto& target : engine.targets())
      if (!tried.contains(target.symbol)) targets.push_back(std::move(target));
    if (targets.empty()) break;
    std::stable_sort(targets.begin(), targets.end(),
                     [&](const Target& a, const Target& b) { return rank_of(a) < rank_of(b); });
    if (!announced) // the round's first targets size the phase: no extra symbol dump
      engine.begin_phase({phase, (targets.size() + chunk - 1) / chunk});
    announced = true;
    auto candidates = removal_chunks(targets, std::min(chunk, targets.size()));
    auto accepted = engine.try_in_order(candidates);
    size_t failed = accepted.value_or(candidates.size());
    result.failed += failed;
    for (size_t i = 0; i < failed; ++i)
      for (auto& symbol : removed_symbols(candidates[i]))
        tried.insert(std::move(symbol));
    if (!accepted) break;
    ++result.passed;
  }
  return result;
}

} // namespace kshrink::optimizer
