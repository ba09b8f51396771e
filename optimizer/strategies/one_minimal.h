// The end the strategies that promise a 1-minimal result share: choice switches, then single
// symbols until a whole round removes nothing.
#pragma once

#include "optimizer/engine.h"

#include <string>
#include <vector>

namespace kshrink::optimizer {

/// Switches the choices that recompile little; tries every target alone, round after round,
/// until a round removes nothing (those in `needed`, known to have failed alone, go last in
/// each round, so that the round's removals come first and they are judged against the
/// final config; the first found first, as the removals since may have freed it); then switches the
/// choices that rebuild the kernel and, if one was accepted, runs the rounds again. The result is
/// 1-minimal unless the budget ends it first.
void finish_one_minimal(Engine& engine, const std::vector<std::string>& needed = {});

} // namespace kshrink::optimizer
