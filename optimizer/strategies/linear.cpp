// linear: ktest's make_min_config, the baseline.
//
//   scan   the open targets in ktest's order (most dependents first, parents before
//          children), one symbol per build, until one passes
//     fails:   kept for good, never tried again
//     passes:  removed with whatever went with it; the scan starts again from the top
//   end    a scan in which nothing passes
#include "optimizer/strategies/linear.h"

#include "optimizer/strategies/steps/chunks.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace kshrink::optimizer {
namespace {

/// `targets` in ktest's order: by dependents, most first (Kconfig order among equals), each
/// preceded by those of its parents that are targets too, recursively.
std::vector<Target> ktest_order(std::vector<Target> targets) {
  std::stable_sort(targets.begin(), targets.end(),
                   [](const Target& a, const Target& b) { return a.dependents > b.dependents; });
  std::map<std::string, const Target*> by_name;
  for (const auto& target : targets)
    by_name[target.symbol] = &target;
  std::vector<Target> ordered;
  std::set<std::string> placed;
  std::function<void(const Target&)> place = [&](const Target& target) {
    if (!placed.insert(target.symbol).second) return;
    for (const auto& parent : target.depends)
      if (auto it = by_name.find(parent); it != by_name.end()) place(*it->second);
    ordered.push_back(target);
  };
  for (const auto& target : targets)
    place(target);
  return ordered;
}

} // namespace

void LinearStrategy::run(Engine& engine) {
  std::set<std::string> kept; // failed once: ktest never tries them again
  engine.begin_phase({"one symbol at a time", engine.targets().size()});
  while (!engine.out_of_budget()) {
    std::vector<Target> open;
    for (auto& target : engine.targets())
      if (target.gate.empty() && !kept.contains(target.symbol)) open.push_back(std::move(target));
    auto candidates = removal_chunks(ktest_order(std::move(open)), 1);
    std::vector<Verdict> verdicts;
    auto accepted = engine.try_in_order(candidates, &verdicts);
    for (size_t i = 0; i < verdicts.size(); ++i)
      if (i != accepted && meaning(verdicts[i]).rules_out)
        for (auto& symbol : removed_symbols(candidates[i]))
          kept.insert(std::move(symbol));
    if (!accepted) break;
  }
}

} // namespace kshrink::optimizer
