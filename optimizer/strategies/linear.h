// Strategy `linear`: ktest.pl's make_min_config, the baseline: one symbol per trial, over the
// list of options the start config enables, in order, repeated until a pass removes nothing.
// Like ktest it does not skip an option that an earlier removal already took away; unlike
// ktest, the engine answers such a trial without a build (it resolves to its parent).
#pragma once

#include "optimizer/strategy.h"

namespace kshrink::optimizer {

/// ktest's one-at-a-time search.
class LinearStrategy : public Strategy {
public:
  void run(Engine& engine) override;
};

} // namespace kshrink::optimizer
