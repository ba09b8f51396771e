// The choice phase strategies share: try the other members of every choice (kernel
// compression, optimization level, allocator...) and keep the smallest that passes.
#pragma once

#include "optimizer/engine.h"

namespace kshrink::optimizer {

/// Tries every choice switch of the best config in menu order; after an accepted switch,
/// the members not yet tried are tried again against the new best, so each choice ends on
/// the smallest member that passed. Each member is judged at most once.
void switch_choices(Engine& engine);

} // namespace kshrink::optimizer
