// Removal targets: filter the symbol table, estimate, order.
#include "optimizer/targets.h"

#include <algorithm>
#include <map>

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

} // namespace kshrink::optimizer
