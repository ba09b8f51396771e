// Moves on a config: removal targets (filter, estimate, order), gates, choice switches.
#include "optimizer/targets.h"

#include <algorithm>
#include <map>
#include <set>

namespace kshrink::optimizer {

std::vector<Target> removal_targets(const kconfig::SymbolTable& table,
                                    const std::set<std::string>& pinned,
                                    const SizeEstimate& estimate) {
  struct Group {
    std::vector<Target> targets;
    uint64_t bytes = 0;
    size_t first = 0; // menu order of its first symbol
  };
  std::map<std::string, Group> groups;
  for (size_t i = 0; i < table.symbols().size(); ++i) {
    const auto& s = table.symbols()[i];
    bool settable = s.has_prompt && s.visible != "n" && !s.choice_id;
    bool enabled = (s.type == "bool" || s.type == "tristate") && (s.value == "y" || s.value == "m");
    if (!settable || !enabled || pinned.contains(s.name)) continue;
    std::string key;
    for (const auto& menu : s.menu)
      key += menu + "\x1f";
    if (key.empty()) key = s.name;
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) it->second.first = i;
    uint64_t bytes = estimate ? estimate(s) : 0;
    it->second.targets.push_back({s.name, bytes});
    it->second.bytes += bytes;
  }
  std::vector<Group*> ordered;
  for (auto& [key, group] : groups)
    ordered.push_back(&group);
  std::sort(ordered.begin(), ordered.end(), [](const Group* a, const Group* b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->first < b->first;
  });
  std::vector<Target> targets;
  for (Group* group : ordered)
    for (auto& target : group->targets)
      targets.push_back(std::move(target));
  return targets;
}

std::vector<Target> with_gate(const std::vector<Target>& targets, const std::vector<Target>& opened,
                              const std::string& gate) {
  std::set<std::string> before, after;
  for (const auto& target : targets)
    before.insert(target.symbol);
  std::vector<Target> merged;
  for (Target target : opened) {
    if (target.symbol == gate) continue; // on in `opened`, off here: not a removal
    after.insert(target.symbol);
    if (!before.contains(target.symbol)) target.gate = gate;
    merged.push_back(std::move(target));
  }
  for (const auto& target : targets)
    if (!after.contains(target.symbol)) merged.push_back(target);
  return merged;
}

bool gate_closed(const kconfig::SymbolTable& table, const std::string& name) {
  const kconfig::Symbol* gate = table.find(name);
  return gate && gate->type == "bool" && gate->value == "n" && gate->has_prompt &&
         gate->visible != "n" && !gate->choice_id;
}

std::vector<Candidate> removal_chunks(const std::vector<Target>& targets, size_t chunk) {
  std::vector<Candidate> candidates;
  for (size_t at = 0; at < targets.size(); at += chunk) {
    Candidate candidate;
    std::set<std::string> gates;
    for (size_t i = at; i < std::min(targets.size(), at + chunk); ++i) {
      const Target& target = targets[i];
      if (!target.gate.empty() && gates.insert(target.gate).second)
        candidate.push_back({target.gate, "y"});
      candidate.push_back({target.symbol, "n"});
    }
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

std::vector<ChoiceSwitch> choice_switches(const kconfig::SymbolTable& table,
                                          const std::set<std::string>& pinned) {
  std::map<std::string, std::string> current; // choice id -> the member set to y
  for (const auto& s : table.symbols())
    if (s.choice_id && s.type == "bool" && s.value == "y" && s.visible != "n")
      current[*s.choice_id] = s.name;
  std::vector<ChoiceSwitch> switches;
  for (const auto& s : table.symbols()) {
    if (!s.choice_id || s.type != "bool" || s.value != "n" || !s.has_prompt || s.visible == "n")
      continue;
    auto it = current.find(*s.choice_id);
    if (it == current.end() || pinned.contains(it->second)) continue;
    switches.push_back({*s.choice_id, it->second, s.name});
  }
  return switches;
}

} // namespace kshrink::optimizer
