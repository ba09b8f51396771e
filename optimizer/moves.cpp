// Moves on a config: removal targets (filter, estimate, order), gates, choice switches.
#include "optimizer/moves.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace kshrink::optimizer {
namespace {

/// The largest rebuild share of each enabled symbol and of everything its removal switches
/// off with it, transitively: the enabled symbols that depend on it, and those it alone of
/// the enabled symbols selects (PROC_SYSCTL selects SYSCTL, which hundreds of objects test).
class WideSymbols {
public:
  WideSymbols(const kconfig::SymbolTable& table, const RebuildEstimate& rebuild)
      : rebuild_(rebuild) {
    if (!rebuild_) return; // nothing is wide: no walk to prepare
    auto enabled = [](const kconfig::Symbol* s) {
      return s && (s->value == "y" || s->value == "m");
    };
    for (const auto& s : table.symbols()) {
      if (!enabled(&s)) continue;
      for (const auto& d : s.depends_symbols)
        follow_[d].push_back(&s);
      size_t selectors = 0;
      const kconfig::Symbol* selector = nullptr;
      for (const auto& name : s.selected_by)
        if (const auto* by = table.find(name); enabled(by)) ++selectors, selector = by;
      if (selectors == 1) follow_[selector->name].push_back(&s);
    }
  }
  bool wide(const kconfig::Symbol& symbol) {
    return rebuild_ && share(symbol) >= wide_rebuild_share;
  }

private:
  double share(const kconfig::Symbol& symbol) {
    if (auto it = memo_.find(symbol.name); it != memo_.end()) return it->second;
    memo_[symbol.name] = 0; // Kconfig forbids dependency loops; this guards the walk anyway
    double largest = rebuild_(symbol);
    if (auto it = follow_.find(symbol.name); it != follow_.end())
      for (const kconfig::Symbol* follower : it->second)
        largest = std::max(largest, share(*follower));
    return memo_[symbol.name] = largest;
  }
  const RebuildEstimate& rebuild_;
  std::map<std::string, std::vector<const kconfig::Symbol*>> follow_; // symbol -> goes with it
  std::map<std::string, double> memo_;
};

} // namespace

std::vector<Target> removal_targets(const kconfig::SymbolTable& table,
                                    const std::set<std::string>& pinned,
                                    const SizeEstimate& estimate, const RebuildEstimate& rebuild) {
  WideSymbols wide(table, rebuild);
  // A menu of the tree of menus: its own targets and the menus inside it.
  struct Menu {
    std::vector<Target> targets;
    uint64_t bytes = 0;      // of its targets and of those of the menus inside it
    size_t first = SIZE_MAX; // table order of its first target, of its own or inside
    std::vector<Menu*> inside;
  };
  std::map<std::vector<std::string>, Menu> menus;
  Menu top;
  auto menu_at = [&](const std::vector<std::string>& path) -> Menu& {
    return path.empty() ? top : menus[path];
  };
  for (size_t i = 0; i < table.symbols().size(); ++i) {
    const auto& s = table.symbols()[i];
    bool settable = s.has_prompt && s.visible != "n" && !s.choice_id;
    bool enabled = (s.type == "bool" || s.type == "tristate") && (s.value == "y" || s.value == "m");
    if (!settable || !enabled || pinned.contains(s.name)) continue;
    // A symbol outside menus heads a menu of its own, which holds the menus named after it.
    std::vector<std::string> path = s.menu.empty() ? std::vector<std::string>{s.name} : s.menu;
    uint64_t bytes = estimate ? estimate(s) : 0;
    menu_at(path).targets.push_back(
        {s.name, bytes, "", wide.wide(s), path, s.depends_symbols, s.depended_on_by.size()});
    for (size_t depth = 0; depth <= path.size(); ++depth) {
      std::vector<std::string> outer(path.begin(), path.begin() + long(depth));
      Menu& menu = menu_at(outer);
      menu.first = std::min(menu.first, i);
      menu.bytes += bytes;
    }
  }
  for (auto& [path, menu] : menus)
    if (!path.empty())
      menu_at(std::vector<std::string>(path.begin(), path.end() - 1)).inside.push_back(&menu);
  // Depth first: a menu's own targets, then the menus inside it, largest first.
  std::vector<Target> targets;
  auto visit = [&](auto& self, Menu& menu) -> void {
    for (auto& target : menu.targets)
      targets.push_back(std::move(target));
    std::sort(menu.inside.begin(), menu.inside.end(), [](const Menu* a, const Menu* b) {
      return a->bytes != b->bytes ? a->bytes > b->bytes : a->first < b->first;
    });
    for (Menu* inner : menu.inside)
      self(self, *inner);
  };
  visit(visit, top);
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

std::vector<ChoiceSwitch> choice_switches(const kconfig::SymbolTable& table,
                                          const std::set<std::string>& pinned,
                                          const SwitchPrice& price) {
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
    ChoiceSwitch choice{*s.choice_id, it->second, s.name};
    if (price) choice.rebuild_share = price(choice);
    switches.push_back(std::move(choice));
  }
  std::stable_sort(switches.begin(), switches.end(),
                   [](const auto& a, const auto& b) { return a.rebuild_share < b.rebuild_share; });
  return switches;
}

} // namespace kshrink::optimizer
