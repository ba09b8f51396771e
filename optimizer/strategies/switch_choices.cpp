// The choice phase: rounds of switches until none is accepted.
#include "optimizer/strategies/switch_choices.h"

#include <set>

namespace kshrink::optimizer {

void switch_choices(Engine& engine) {
  std::set<std::string> tried; // members judged (or left) already
  bool announced = false;
  while (!engine.out_of_budget()) {
    std::vector<Candidate> candidates;
    std::vector<std::string> members;
    for (const auto& choice : engine.choice_switches())
      if (!tried.contains(choice.member)) {
        candidates.push_back(choice.mutations());
        members.push_back(choice.member);
      }
    if (candidates.empty()) return;
    if (!announced) engine.begin_phase({"choice switches", candidates.size()});
    announced = true;
    auto accepted = engine.try_in_order(candidates);
    size_t judged = accepted ? *accepted + 1 : candidates.size();
    for (size_t i = 0; i < judged; ++i)
      tried.insert(members[i]);
    if (!accepted) return;
    tried.insert(candidates[*accepted].front().symbol); // the member it replaced
  }
}

} // namespace kshrink::optimizer
