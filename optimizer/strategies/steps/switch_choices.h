// The choice phase strategies share: try the other members of every choice (kernel
// compression, optimization level, allocator...) and keep the smallest that passes.
#pragma once

#include "optimizer/engine.h"

namespace kshrink::optimizer {

/// Which switches a choice phase tries: those that recompile little (kernel compression) or
/// those that recompile much of the kernel (optimization level, timer frequency).
enum class SwitchCost { narrow, wide };

/// Tries the choice switches of the best config of one cost, cheapest first; after an
/// accepted switch, the members not yet tried are tried again against the new best, so each
/// choice ends on the smallest member that passed. Each member is judged at most once.
/// Returns true if a switch was accepted.
bool switch_choices(Engine& engine, SwitchCost cost);

} // namespace kshrink::optimizer
