// ddmin: rounds at a granularity, the first of them one chunk of every target (what is left
// once all that can be removed is removed: the kept symbols and what they need); chunks that fail
// are set aside for the round; an accepted chunk changes the best and the targets are taken again
// from it. A chunk's size counts what its removal takes away (removal_chunks). What failed teaches
// the rounds (FailedRemovals): a target left alone of a failed chunk, and what it depends on, stays
// out of the chunks, and a chunk that takes away all that is left of one that failed is not built.
// Once the chunks are down to single symbols, the end all 1-minimal strategies share
// (one_minimal.h): cheap choice switches, the single-symbol search and its proof, then the switches
// that rebuild the kernel.
#include "optimizer/strategies/ddmin.h"

#include "optimizer/strategies/one_minimal.h"
#include "optimizer/strategies/rounds.h"

#include <algorithm>
#include <cmath>

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
  FailedRemovals failed;
  size_t chunk = std::max<size_t>(1, engine.targets().size());
  while (chunk > 1 && !engine.out_of_budget()) {
    auto round = run_round(engine, chunk, "chunks of " + std::to_string(chunk) + " symbols", failed,
                           Inference::skip);
    chunk = next_chunk(chunk, round.passed, round.failed);
  }
  finish_one_minimal(engine, failed);
}

} // namespace kshrink::optimizer
