// split: generalized binary splitting (Hwang) over the removal targets.
//
//   groups    the open targets of the first one's menu, in groups of 2^floor(log2((1-p)/p))
//             for the share p of needed symbols expected in that menu
//     passes: removed; the menu's share learns it
//     fails:  isolate: halve it, remove the half that passes, keep halving the one that fails,
//             down to one target: needed (with what it depends on); the share learns it
//   finish    as ddmin ends (steps/one_minimal.h)
//
// With d needed symbols among n targets, a group of 2^floor(log2(n/d)) targets passes often
// enough to pay for itself, and a group that fails yields one needed symbol in log2(group)
// trials: about d log2(n/d) + d trials, where ddmin spends rounds at every granularity. Needed
// symbols cluster by menu (a boot needs the console and block layers, no sound driver), so the
// share d/n is learned per menu as the search goes, starting from the share seen so far in all
// menus.
#include "optimizer/strategies/split.h"

#include "optimizer/strategies/steps/chunks.h"
#include "optimizer/strategies/steps/failed_removals.h"
#include "optimizer/strategies/steps/one_minimal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace kshrink::optimizer {
namespace {

/// How many targets' worth of weight the share seen in all menus has in a menu's estimate.
constexpr double prior_weight = 2.0;

/// The menus that hold a target, outermost first (Target::menu).
using MenuPath = std::vector<std::string>;

/// What the search has settled of the targets of a menu (or of all menus): removed or found
/// needed, and of those, found needed.
struct Tally {
  size_t settled = 0, needed = 0;
};

class Splitter {
public:
  explicit Splitter(Engine& engine) : engine_(engine) {}

  /// Runs until every target left is known to be needed (or the budget ends).
  void run() {
    while (!engine_.out_of_budget()) {
      std::vector<Target> open;
      for (auto& target : read_targets())
        if (!needed_.contains(target.symbol)) open.push_back(std::move(target));
      if (open.empty()) return;
      if (targets_at_start_ == 0) targets_at_start_ = open.size();
      // Groups sized for the first target's menu; the groups that start in another menu
      // wait for a size of their own.
      const MenuPath menu = open.front().menu;
      auto candidates = removal_chunks(open, std::min(group_size(menu), open.size()));
      size_t same_menu = 1;
      while (same_menu < candidates.size() &&
             menu_of_[removed_symbols(candidates[same_menu]).front()] == menu)
        ++same_menu;
      candidates.resize(same_menu);
      auto accepted = try_in_order(candidates);
      if (accepted) settle(removed_symbols(candidates[*accepted]), false);
      for (size_t i = 0; i < accepted.value_or(candidates.size()); ++i)
        isolate(removed_symbols(candidates[i]));
    }
  }

  /// The groups that failed: what the 1-minimality pass knows to be needed.
  FailedRemovals& failed() { return failed_; }

private:
  /// Judges `candidates` in order as the engine does, remembering those that failed.
  std::optional<size_t> try_in_order(const std::vector<Candidate>& candidates) {
    std::vector<Verdict> verdicts;
    auto accepted = engine_.try_in_order(candidates, &verdicts);
    failed_.add_failed(candidates, verdicts);
    return accepted;
  }

  /// The best's targets, their menus remembered for the symbols that leave it.
  std::vector<Target> read_targets() {
    auto targets = engine_.targets();
    for (const auto& target : targets) {
      menu_of_.try_emplace(target.symbol, target.menu);
      depends_.try_emplace(target.symbol, target.depends);
    }
    return targets;
  }

  /// `symbol` is needed, and so is every target it depends on, transitively: removing one
  /// would take `symbol` away with it. Those are left to the 1-minimality pass to confirm.
  void found_needed(const std::string& symbol) {
    if (!needed_.insert(symbol).second) return;
    settle({symbol}, true);
    for (const auto& parent : depends_[symbol])
      if (depends_.contains(parent)) found_needed(parent);
  }

  /// The share of needed symbols expected among the open targets of `menu`.
  double needed_share(const MenuPath& menu) const {
    // Before any evidence: one needed symbol among all the targets, so the first group is
    // all of them (a start config that is mostly removable goes in a few builds).
    double everywhere = (double(everywhere_.needed) + 1.0 / double(targets_at_start_)) /
                        (double(everywhere_.settled) + 1.0);
    auto it = by_menu_.find(menu);
    Tally here = it == by_menu_.end() ? Tally{} : it->second;
    return (double(here.needed) + prior_weight * everywhere) /
           (double(here.settled) + prior_weight);
  }

  /// 2^floor(log2((1-p)/p)) for the share p expected in `menu`; 1 where half are needed.
  size_t group_size(const MenuPath& menu) const {
    double p = needed_share(menu);
    if (p >= 0.5) return 1;
    return size_t(1) << size_t(std::floor(std::log2((1.0 - p) / p)));
  }

  /// Records that `symbols` were removed, or found needed.
  void settle(const std::vector<std::string>& symbols, bool needed) {
    for (const auto& symbol : symbols)
      for (Tally* tally : {&by_menu_[menu_of_[symbol]], &everywhere_}) {
        ++tally->settled;
        if (needed) ++tally->needed;
      }
  }

  /// `group` failed: halves it until one target is left, removing the halves that pass.
  /// The one left is needed: it failed alone, or the rest of a failing group passed.
  void isolate(std::vector<std::string> group) {
    while (!engine_.out_of_budget()) {
      std::vector<Target> left; // the group's targets still in the best, in target order
      for (auto& target : read_targets())
        if (std::find(group.begin(), group.end(), target.symbol) != group.end())
          left.push_back(std::move(target));
      if (left.empty()) return;
      if (left.size() == 1) return found_needed(left.front().symbol);
      std::vector<const Target*> half;
      std::vector<std::string> half_symbols, rest_symbols;
      for (size_t i = 0; i < left.size(); ++i) {
        if (i < left.size() / 2) half.push_back(&left[i]);
        (i < left.size() / 2 ? half_symbols : rest_symbols).push_back(left[i].symbol);
      }
      if (try_in_order({removal(half)})) {
        settle(half_symbols, false);
        group = rest_symbols; // the needed symbol is in the other half
      } else {
        group = half_symbols;
      }
    }
  }

  Engine& engine_;
  std::set<std::string> needed_;
  FailedRemovals failed_;
  std::map<std::string, MenuPath> menu_of_;                 // symbol -> the menus that hold it
  std::map<std::string, std::vector<std::string>> depends_; // target -> what it depends on
  std::map<MenuPath, Tally> by_menu_;
  Tally everywhere_;
  size_t targets_at_start_ = 0;
};

} // namespace

void SplitStrategy::run(Engine& engine) {
  engine.begin_phase({"binary splitting", engine.targets().size()});
  Splitter splitter(engine);
  splitter.run();
  finish_one_minimal(engine, splitter.failed());
}

} // namespace kshrink::optimizer
