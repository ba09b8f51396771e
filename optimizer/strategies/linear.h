// Strategy `linear`: ktest.pl's make_min_config, the baseline the benchmarks compare with.
// One symbol per build; symbols that most others depend on first (ktest's depcount), each
// one's enabled parents before it; a symbol whose removal fails is kept for good, a pass
// removes it with whatever went with it, and the scan starts again from the top until no
// symbol is left to try. Like ktest, a removal that does not change the resolved config costs
// no build, and prompts a gate such as EXPERT hides are left alone: ktest cannot open them.
#pragma once

#include "optimizer/strategy.h"

namespace kshrink::optimizer {

/// ktest's one-at-a-time search.
class LinearStrategy : public Strategy {
public:
  void run(Engine& engine) override;
};

} // namespace kshrink::optimizer
