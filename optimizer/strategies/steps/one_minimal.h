// The end the strategies that promise a 1-minimal result share: choice switches, then single
// symbols until a whole round removes nothing.
#pragma once

#include "optimizer/engine.h"
#include "optimizer/strategies/steps/failed_removals.h"

namespace kshrink::optimizer {

/// Switches the choices that recompile little; tries alone every target not known to be
/// needed from the removals that failed before (`failed`), then proves the result 1-minimal:
/// every target tried alone, those known to be needed last, round after round until a round
/// removes nothing; then switches the choices that rebuild the kernel and, if one was
/// accepted, runs the rounds again. The result is 1-minimal unless the budget ends it first.
void finish_one_minimal(Engine& engine, FailedRemovals& failed);

} // namespace kshrink::optimizer
