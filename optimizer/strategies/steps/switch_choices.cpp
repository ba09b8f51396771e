// The choice phases: rounds of switches of one cost until none is accepted.
#include "optimizer/strategies/steps/switch_choices.h"

#include <set>

namespace kshrink::optimizer {

bool switch_choices(Engine& engine, SwitchCost cost) {
  std::set<std::string> tried; // members judged (or left) already
  bool announced = false, switched = false;
  while (!engine.out_of_budget()) {
    std::vector<Candidate> candidates;
    std::vector<std::string> members;
    for (const auto& choice : engine.choice_switches())
      if (!tried.contains(choice.member) &&
          (choice.rebuild_share >= wide_rebuild_share) == (cost == SwitchCost::wide)) {
        candidates.push_back(choice.mutations());
        members.push_back(choice.member);
      }
    if (candidates.empty()) return switched;
    if (!announced)
      engine.begin_phase(
          {cost == SwitchCost::wide ? "choice switches that rebuild the kernel" : "choice switches",
           candidates.size()});
    announced = true;
    auto accepted = engine.try_in_order(candidates);
    size_t judged = accepted ? *accepted + 1 : candidates.size();
    for (size_t i = 0; i < judged; ++i)
      tried.insert(members[i]);
    if (!accepted) return switched;
    switched = true;
    tried.insert(candidates[*accepted].front().symbol); // the member it replaced
  }
  return switched;
}

} // namespace kshrink::optimizer
