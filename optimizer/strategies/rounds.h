// A round: every target of the best tried once, in chunks, until none of the chunks left
// passes. ddmin runs rounds at shrinking chunk sizes; the 1-minimality phase at size 1.
#pragma once

#include "optimizer/engine.h"

#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// How a round went: chunks accepted and chunks that failed.
struct RoundResult {
  size_t passed = 0, failed = 0;
};

/// Tries the targets of the best in chunks of `chunk`, in target order with those in `last`
/// at the end, in the order `last` gives them; after an accepted chunk, goes on with the new best's
/// targets not yet tried in this round. Ends when a list of chunks passes nothing (or the budget
/// ends). The phase is announced as `phase` when the round tries its first chunk.
RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      const std::vector<std::string>& last = {});

} // namespace kshrink::optimizer
