// ddmin: delta debugging over the removal targets.
//
//   rounds (steps/round.h)        chunk = all targets -> smaller (next_chunk) -> ... -> 1
//     a chunk passes:             the best changes; the round goes on with its targets
//     the round passes nothing:   the next, smaller chunk size
//   finish (steps/one_minimal.h)  cheap choice switches -> single symbols -> each symbol alone
//                                 until a round removes nothing -> switches that rebuild the
//                                 kernel (and the single-symbol rounds again if one passed)
//
// The first round is one chunk of every target (what is left once all that can be removed is
// removed: the kept symbols and what they need). A chunk's size counts what its removal takes
// away (steps/chunks.h). What failed teaches the rounds (steps/failed_removals.h): a target left
// alone of a failed chunk, and what it depends on, stays out of the chunks, and a chunk that
// takes away all that is left of one that failed is not built.
#include "optimizer/strategies/ddmin.h"

#include "optimizer/strategies/steps/one_minimal.h"
#include "optimizer/strategies/steps/round.h"

#include <algorithm>
#include <cmath>

namespace kshrink::optimizer {
namespace {

/// The next granularity after a round at `chunk` in which `passed` chunks were accepted and
/// `rejected` were not: half of it, or less where most were rejected (the targets left are
/// dense with needed symbols, and halving again would only fail again). A chunk of c passes
/// with probability (1-p)^c when a share p of the targets is needed; the next size aims at
/// even odds.
size_t next_chunk(size_t chunk, size_t passed, size_t rejected) {
  if (chunk <= 1) return 1;
  double pass_rate = (double(passed) + 0.5) / (double(passed + rejected) + 1.0);
  double even_odds = double(chunk) * std::log(0.5) / std::log(pass_rate);
  return std::max<size_t>(1, std::min((chunk + 1) / 2, size_t(std::lround(even_odds))));
}

} // namespace

void DdminStrategy::run(Engine& engine) {
  FailedRemovals failed;
  size_t chunk = std::max<size_t>(1, engine.targets().size());
  while (chunk > 1 && !engine.out_of_budget()) {
    auto round = run_round(engine, chunk, "chunks of " + std::to_string(chunk) + " symbols", failed,
                           Inference::skip);
    chunk = next_chunk(chunk, round.passed, round.rejected);
  }
  finish_one_minimal(engine, failed);
}

} // namespace kshrink::optimizer
