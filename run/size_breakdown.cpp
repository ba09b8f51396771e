// Sharing accepted steps' measured savings among symbols and menus.
#include "run/size_breakdown.h"

#include <algorithm>
#include <map>

namespace kshrink::run {
namespace {

/// `total` split in proportion to `weights` (all above 0), in whole bytes that add up to it.
std::vector<uint64_t> shares(uint64_t total, const std::vector<uint64_t>& weights) {
  long double sum = 0;
  for (uint64_t w : weights)
    sum += w;
  std::vector<uint64_t> parts(weights.size());
  uint64_t given = 0;
  for (size_t i = 0; i + 1 < weights.size(); ++i) {
    parts[i] = uint64_t((long double)total * weights[i] / sum);
    given += parts[i];
  }
  if (!parts.empty()) parts.back() = total - given;
  return parts;
}

} // namespace

SizeBreakdown break_down(const std::vector<StepChange>& steps,
                         const std::function<uint64_t(const std::string&)>& estimate,
                         const std::function<std::string(const std::string&)>& menu_of) {
  std::map<std::string, SymbolSaving> by_symbol;
  for (const auto& step : steps) {
    if (step.bytes_saved == 0) continue;
    std::vector<std::string> names;
    std::vector<uint64_t> weights;
    for (const auto* group : {&step.mutated, &step.dependents})
      for (const auto& symbol : *group)
        if (uint64_t bytes = estimate(symbol)) {
          names.push_back(symbol);
          weights.push_back(bytes);
        }
    if (names.empty()) { // nothing estimated: the candidate's own symbols, equally
      names = step.mutated;
      weights.assign(names.size(), 1);
    }
    if (names.empty()) continue;
    auto parts = shares(step.bytes_saved, weights);
    for (size_t i = 0; i < names.size(); ++i) {
      // Measured only if every step it had a share in gave it the whole saving.
      auto& saving =
          by_symbol.try_emplace(names[i], SymbolSaving{names[i], "", 0, true}).first->second;
      saving.bytes += parts[i];
      saving.measured = saving.measured && names.size() == 1;
    }
  }
  SizeBreakdown result;
  std::map<std::string, MenuSaving> by_menu;
  for (auto& [symbol, saving] : by_symbol) {
    if (saving.bytes == 0) continue;
    saving.menu = menu_of(symbol);
    MenuSaving& menu = by_menu[saving.menu];
    menu.menu = saving.menu;
    menu.bytes += saving.bytes;
    ++menu.symbols;
    result.symbols.push_back(saving);
  }
  for (const auto& [name, menu] : by_menu)
    result.menus.push_back(menu);
  auto larger = [](const auto& a, const auto& b) { return a.bytes > b.bytes; };
  std::stable_sort(result.symbols.begin(), result.symbols.end(), larger);
  std::stable_sort(result.menus.begin(), result.menus.end(), larger);
  return result;
}

} // namespace kshrink::run
