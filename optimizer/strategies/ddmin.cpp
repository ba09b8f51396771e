// ddmin: rounds at a granularity; chunks that fail are set aside for the round; an accepted
// chunk changes the best and the targets are taken again from it.
#include "optimizer/strategies/ddmin.h"

#include <set>

namespace kshrink::optimizer {

void DdminStrategy::run(Engine& engine) {
  size_t chunk = std::max<size_t>(1, (engine.targets().size() + 1) / 2);
  while (!engine.out_of_budget()) {
    std::set<std::string> failed; // chunks that did not pass this round
    bool progressed = false, announced = false;
    while (!engine.out_of_budget()) {
      std::vector<std::string> symbols;
      for (const auto& target : engine.targets())
        if (!failed.contains(target.symbol)) symbols.push_back(target.symbol);
      if (symbols.empty()) break;
      if (!announced) { // the round's first targets size the phase: no extra symbol dump
        engine.begin_phase({chunk == 1 ? "1-minimality: one symbol at a time"
                                       : "chunks of " + std::to_string(chunk) + " symbols",
                            (symbols.size() + chunk - 1) / chunk});
        announced = true;
      }
      auto candidates = removal_chunks(symbols, std::min(chunk, symbols.size()));
      auto accepted = engine.try_in_order(candidates);
      size_t tried = accepted ? *accepted : candidates.size();
      for (size_t i = 0; i < tried; ++i)
        for (const auto& mutation : candidates[i])
          failed.insert(mutation.symbol);
      if (!accepted) break;
      progressed = true;
    }
    if (chunk == 1 && !progressed) return; // every remaining target failed alone: 1-minimal
    chunk = chunk == 1 ? 1 : (chunk + 1) / 2;
  }
}

} // namespace kshrink::optimizer
