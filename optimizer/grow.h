// Grow: when the base config a run starts from fails its checks, find the start-config
// options to add back, with every candidate near the small end (the start config is never
// built). Zeller's two-sided delta debugging, specialized for builds whose cost grows with
// the config: the options the start config enables and the base lacks are ordered (those in
// the menus the base already uses first, then Kconfig order), and the shortest prefix of
// that order whose addition passes is searched for, doubling its length until a candidate
// passes, then halving the gap (an option always comes with what its 'depends on' names
// that the start config enables). The prefix's last option is needed: it is added alone, and
// if the base still fails the next one is sought among the options before it.
//
//   base fails -> judge base+D[0:k], base+D[0:2k], base+D[0:4k]... (W at a time, the
//   earliest success in that order wins) -> binary search: base+D[0:p] passes, base+D[0:p-1]
//   fails -> base+D[p-1] passes? done : base += D[p-1], binary search in D[0:p-1] again
//   (after 16 such options, the rest of the passing prefix is kept whole; the shrink that
//   follows removes what was added without need).
#pragma once

#include "optimizer/search_space.h"

#include <atomic>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// Limits of the grow phase.
struct GrowSettings {
  int workers = 1;                         ///< candidates judged at once (speculation)
  size_t first_step = 8;                   ///< options added by the first candidate
  const std::atomic<bool>* stop = nullptr; ///< when true, the phase ends without a result
  std::set<std::string> never;             ///< options never added (the user's --drop)
};

/// What growing found.
struct GrowResult {
  std::optional<kconfig::ResolvedConfig> passing; ///< base plus `added`, which passed
  std::vector<std::string> added;                 ///< options added to the base, in the order tried
  std::string base_failure;                       ///< why the base failed (check and reason)
  size_t judged = 0;                              ///< candidates judged (stored verdicts included)
  std::string reason;                             ///< without a result: why
  std::optional<std::string> no_answer; ///< a candidate got no answer (infra_error): its detail
};

/// The settable options `start` enables that `config` lacks, in the order grow tries them.
std::vector<std::string> grow_order(const kconfig::SymbolTable& start,
                                    const kconfig::ConfigFile& config);

/// Grows `base` (which failed with `base_outcome`) toward `start` until a candidate passes.
/// Returns without `passing` if even every option of the start config added fails, when
/// stopped, or when a candidate could not be judged (an infra_error verdict: no answer).
GrowResult grow(ConfigResolver& resolver, Oracle& oracle, const kconfig::ResolvedConfig& base,
                const Outcome& base_outcome, const kconfig::SymbolTable& start,
                const GrowSettings& settings);

} // namespace kshrink::optimizer
