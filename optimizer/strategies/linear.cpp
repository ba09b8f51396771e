// linear: a fixed list taken from the start config, one trial per symbol, to a fixed point.
#include "optimizer/strategies/linear.h"

namespace kshrink::optimizer {

void LinearStrategy::run(Engine& engine) {
  std::vector<Target> options = engine.targets();
  for (bool progressed = true; progressed && !engine.out_of_budget();) {
    engine.begin_phase({"one symbol at a time", options.size()});
    progressed = false;
    for (size_t at = 0; at < options.size() && !engine.out_of_budget();) {
      std::vector<Target> rest(options.begin() + long(at), options.end());
      auto accepted = engine.try_in_order(removal_chunks(rest, 1));
      if (!accepted) break;
      progressed = true;
      at += *accepted + 1;
    }
  }
}

} // namespace kshrink::optimizer
