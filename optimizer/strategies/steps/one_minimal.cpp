// 1-minimality: single-symbol rounds to a fixed point, around the choice phases.
#include "optimizer/strategies/steps/one_minimal.h"

#include "optimizer/strategies/steps/round.h"
#include "optimizer/strategies/steps/switch_choices.h"

namespace kshrink::optimizer {
namespace {

/// A round of single-symbol removals of the targets not known to be needed, then rounds
/// that try every target alone until one removes nothing (or the budget ends).
void single_symbol_rounds(Engine& engine, FailedRemovals& failed) {
  run_round(engine, 1, "1-minimality: one symbol at a time", failed, Inference::skip);
  while (!engine.out_of_budget()) {
    auto proof = run_round(engine, 1, "1-minimality: each symbol alone", failed, Inference::prove);
    if (proof.passed == 0) break;
  }
}

} // namespace

void finish_one_minimal(Engine& engine, FailedRemovals& failed) {
  switch_choices(engine, SwitchCost::narrow);
  single_symbol_rounds(engine, failed);
  if (switch_choices(engine, SwitchCost::wide)) single_symbol_rounds(engine, failed);
}

} // namespace kshrink::optimizer
