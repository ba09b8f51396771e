// ddmin: rounds at a granularity; chunks that fail are set aside for the round; an accepted
// chunk changes the best and the targets are taken again from it. Choices whose switch
// recompiles little are switched once the chunks are down to single symbols, before the
// rounds that make the result 1-minimal; those that rebuild the kernel (optimization level,
// timer frequency) once it is 1-minimal, so a budgeted run spends its builds on removals.
#include "optimizer/strategies/ddmin.h"

#include "optimizer/strategies/switch_choices.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace kshrink::optimizer {
namespace {

/// The next granularity after a round at `chunk` in which `passed` chunks were accepted and
/// `failed` were not: half of it, or less where most chunks failed (the targets left are
/// dense with needed symbols, and halving again would only fail again). A chunk of c passes
/// with probability (1-p)^c when a share p of the targets is needed; the next size aims at
/// even odds.
size_t next_chunk(size_t chunk, size_t passed, size_t failed) {
  if (chunk <= 1) return 1;
  double pass_rate = (double(passed) + 0.5) / (double(passed + failed) + 1.0);
  double even_odds = double(chunk) * std::log(0.5) / std::log(pass_rate);
  return std::max<size_t>(1, std::min((chunk + 1) / 2, size_t(std::lround(even_odds))));
}

} // namespace

void DdminStrategy::run(Engine& engine) {
  size_t chunk = std::max<size_t>(1, (engine.targets().size() + 1) / 2);
  bool choices_switched = false, wide_choices_switched = false;
  while (!engine.out_of_budget()) {
    if (chunk == 1 && !choices_switched) {
      switch_choices(engine, SwitchCost::narrow);
      choices_switched = true;
    }
    std::set<std::string> failed; // chunks that did not pass this round
    bool announced = false;
    size_t passed = 0, failures = 0;
    while (!engine.out_of_budget()) {
      std::vector<Target> targets;
      for (auto& target : engine.targets())
        if (!failed.contains(target.symbol)) targets.push_back(std::move(target));
      if (targets.empty()) break;
      if (!announced) { // the round's first targets size the phase: no extra symbol dump
        engine.begin_phase({chunk == 1 ? "1-minimality: one symbol at a time"
                                       : "chunks of " + std::to_string(chunk) + " symbols",
                            (targets.size() + chunk - 1) / chunk});
        announced = true;
      }
      auto candidates = removal_chunks(targets, std::min(chunk, targets.size()));
      auto accepted = engine.try_in_order(candidates);
      size_t tried = accepted ? *accepted : candidates.size();
      failures += tried;
      for (size_t i = 0; i < tried; ++i)
        for (const auto& mutation : candidates[i])
          if (mutation.value == "n") failed.insert(mutation.symbol);
      if (!accepted) break;
      ++passed;
    }
    if (chunk == 1 && passed == 0) { // every remaining target failed alone: 1-minimal
      if (wide_choices_switched) return;
      wide_choices_switched = true;
      if (!switch_choices(engine, SwitchCost::wide)) return; // still 1-minimal
    }
    chunk = next_chunk(chunk, passed, failures);
  }
}

} // namespace kshrink::optimizer
