// A round: every target of the best tried once, in chunks, until none of the chunks left
// passes. ddmin runs rounds at shrinking chunk sizes; the 1-minimality phase at size 1.
#pragma once

#include "optimizer/engine.h"

#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// How a round went: chunks accepted and chunks that failed (judged or inferred).
struct RoundResult {
  size_t passed = 0, failed = 0;
};

/// Removals that failed their checks. A removal that takes away all that is left on of one
/// of them fails too (the rest of it went in removals that passed, so the needed symbol is in
/// what is left) and needs no build; the 1-minimality pass, which infers nothing, still tries
/// every symbol alone.
class FailedRemovals {
public:
  void add(std::vector<std::string> symbols);
  /// True if removing `symbols` from the best takes away the rest of a failed removal.
  bool implies_failure(const std::vector<std::string>& symbols, const Engine& engine) const;
  /// The symbols left alone on of a failed removal: needed, as far as removals go together.
  /// In the order their removals failed.
  std::vector<std::string> needed(const Engine& engine) const;

private:
  std::vector<std::set<std::string>> failed_;
};

/// Tries the targets of the best in chunks of `chunk`, in target order with those in `last`
/// at the end, in the order `last` gives them; after an accepted chunk, goes on with the new best's
/// targets not yet tried in this round. Ends when a list of chunks passes nothing (or the budget
/// ends). The phase is announced as `phase` when the round tries its first chunk. With
/// `failed`, chunks it implies fail are not built, and the chunks that fail are added to it.
RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      const std::vector<std::string>& last = {}, FailedRemovals* failed = nullptr);

} // namespace kshrink::optimizer
