// A round: every target of the best tried once, in chunks, until none of the chunks left
// passes. ddmin runs rounds at shrinking chunk sizes; the 1-minimality phase at size 1.
#pragma once

#include "optimizer/engine.h"
#include "optimizer/strategies/steps/failed_removals.h"

#include <string>

namespace kshrink::optimizer {

/// How a round went: chunks accepted, and chunks not accepted (a verdict other than a smaller
/// pass, or implied to fail without a build).
struct RoundResult {
  size_t passed = 0, rejected = 0;
};

/// What a round may assume from the removals that failed before it.
enum class Inference {
  skip,  ///< no build for the targets known to be needed nor for a chunk implied to fail
  prove, ///< every target tried alone, those known to be needed last, the oldest evidence
         ///< first (the removals since are the likeliest to have freed them)
};

/// Tries the targets of the best in chunks of `chunk`, in target order; after an accepted
/// chunk, goes on with the new best's targets not yet tried in this round. Ends when a list of
/// chunks passes nothing (or the budget ends). The phase is announced as `phase` when the
/// round tries its first chunk. The chunks that fail are added to `failed`.
RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      FailedRemovals& failed, Inference inference);

} // namespace kshrink::optimizer
