// A round of chunks over the best's targets, restarted from the new best after each success.
#include "optimizer/strategies/rounds.h"

#include <algorithm>
#include <map>

namespace kshrink::optimizer {
namespace {

/// The symbols of `removal` that are still on in the best.
std::vector<std::string> left_on(const std::set<std::string>& removal, const Engine& engine) {
  std::vector<std::string> on;
  for (const auto& symbol : removal)
    if (auto value = engine.best().config.value(symbol); value == "y" || value == "m")
      on.push_back(symbol);
  return on;
}

} // namespace

void FailedRemovals::add_failed(const std::vector<Candidate>& candidates,
                                const std::vector<Verdict>& verdicts) {
  for (size_t i = 0; i < verdicts.size(); ++i)
    if (meaning(verdicts[i]).evidence_of_need) {
      auto symbols = removed_symbols(candidates[i]);
      failed_.emplace_back(symbols.begin(), symbols.end());
    }
}

bool FailedRemovals::implies_failure(const std::set<std::string>& removing,
                                     const Engine& engine) const {
  return std::any_of(failed_.begin(), failed_.end(), [&](const auto& removal) {
    auto on = left_on(removal, engine); // the rest went in removals that passed
    return !on.empty() && std::all_of(on.begin(), on.end(), [&](const std::string& symbol) {
      return removing.contains(symbol);
    });
  });
}

std::vector<std::string> FailedRemovals::needed(const Engine& engine,
                                                const std::vector<Target>& targets) const {
  std::vector<std::string> needed;
  std::set<std::string> seen;
  for (const auto& removal : failed_)
    if (auto on = left_on(removal, engine); on.size() == 1 && seen.insert(on.front()).second)
      needed.push_back(on.front());
  std::map<std::string, size_t> latest; // the last failed removal that held each symbol
  for (size_t i = 0; i < failed_.size(); ++i)
    for (const auto& symbol : failed_[i])
      latest[symbol] = i;
  std::stable_sort(needed.begin(), needed.end(),
                   [&](const auto& a, const auto& b) { return latest[a] < latest[b]; });
  std::map<std::string, const Target*> by_symbol;
  for (const auto& target : targets)
    by_symbol.emplace(target.symbol, &target);
  for (size_t i = 0; i < needed.size(); ++i) // grows as it goes: ancestors of ancestors
    if (auto it = by_symbol.find(needed[i]); it != by_symbol.end())
      for (const auto& parent : it->second->depends)
        if (by_symbol.contains(parent) && seen.insert(parent).second) needed.push_back(parent);
  return needed;
}

RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      FailedRemovals& failed, Inference inference) {
  RoundResult result;
  std::set<std::string> tried; // in chunks that did not pass
  bool announced = false;
  while (!engine.out_of_budget()) {
    std::vector<Target> all = engine.targets(), targets;
    std::map<std::string, size_t> rank; // of the targets known to be needed, from 1
    for (const auto& symbol : failed.needed(engine, all))
      rank.emplace(symbol, rank.size() + 1);
    for (const auto& target : all)
      if (!tried.contains(target.symbol) &&
          (inference == Inference::prove || !rank.contains(target.symbol)))
        targets.push_back(target);
    if (targets.empty()) break;
    auto rank_of = [&](const Target& t) {
      auto it = rank.find(t.symbol);
      return it == rank.end() ? 0 : it->second;
    };
    std::stable_sort(targets.begin(), targets.end(),
                     [&](const Target& a, const Target& b) { return rank_of(a) < rank_of(b); });
    if (!announced) // the round's first targets size the phase: no extra symbol dump
      engine.begin_phase({phase, (targets.size() + chunk - 1) / chunk});
    announced = true;
    std::vector<Candidate> candidates;
    TakenAway taken(all);
    for (auto& candidate : removal_chunks(targets, std::min(chunk, targets.size()))) {
      auto symbols = removed_symbols(candidate);
      if (inference == Inference::skip && failed.implies_failure(taken.of(symbols), engine)) {
        ++result.failed;
        tried.insert(symbols.begin(), symbols.end());
      } else {
        candidates.push_back(std::move(candidate));
      }
    }
    if (candidates.empty()) break;
    std::vector<Verdict> verdicts;
    auto accepted = engine.try_in_order(candidates, &verdicts);
    size_t not_passed = accepted.value_or(candidates.size());
    result.failed += not_passed;
    for (size_t i = 0; i < not_passed; ++i)
      for (auto& symbol : removed_symbols(candidates[i]))
        tried.insert(std::move(symbol));
    failed.add_failed(candidates, verdicts);
    if (!accepted) break;
    ++result.passed;
  }
  return result;
}

} // namespace kshrink::optimizer
