// 1-minimality: single-symbol rounds to a fixed point, around the choice phases.
#include "optimizer/strategies/one_minimal.h"

#include "optimizer/strategies/rounds.h"
#include "optimizer/strategies/switch_choices.h"

namespace kshrink::optimizer {
namespace {

/// Rounds of single-symbol removals until one removes nothing (or the budget ends).
void single_symbol_rounds(Engine& engine, const std::vector<std::string>& needed) {
  while (!engine.out_of_budget() &&
         run_round(engine, 1, "1-minimality: one symbol at a time", needed).passed > 0) {
  }
}

} // namespace

void finish_one_minimal(Engine& engine, const std::vector<std::string>& needed) {
  switch_choices(engine, SwitchCost::narrow);
  single_symbol_rounds(engine, needed);
  if (switch_choices(engine, SwitchCost::wide)) single_symbol_rounds(engine, needed);
}

} // namespace kshrink::optimizer
