// A round of chunks over the best's targets, restarted from the new best after each success:
// select the targets not yet tried, chunk them (skipping chunks implied to fail), judge the
// chunks in order, record what failed.
#include "optimizer/strategies/steps/round.h"

#include "optimizer/strategies/steps/chunks.h"

#include <algorithm>
#include <map>
#include <set>

namespace kshrink::optimizer {
namespace {

class Round {
public:
  Round(Engine& engine, size_t chunk, FailedRemovals& failed, Inference inference)
      : engine_(engine), chunk_(chunk), failed_(failed), inference_(inference) {}

  /// The best's targets not yet tried in this round, in target order; under `prove`, those
  /// known to be needed last, the oldest evidence first; under `skip`, without them.
  std::vector<Target> select(const std::vector<Target>& all) const {
    std::map<std::string, size_t> rank; // of the targets known to be needed, from 1
    for (const auto& symbol : failed_.needed(engine_, all))
      rank.emplace(symbol, rank.size() + 1);
    std::vector<Target> targets;
    for (const auto& target : all)
      if (!tried_.contains(target.symbol) &&
          (inference_ == Inference::prove || !rank.contains(target.symbol)))
        targets.push_back(target);
    auto rank_of = [&](const Target& t) {
      auto it = rank.find(t.symbol);
      return it == rank.end() ? 0 : it->second;
    };
    std::stable_sort(targets.begin(), targets.end(),
                     [&](const Target& a, const Target& b) { return rank_of(a) < rank_of(b); });
    return targets;
  }

  /// The chunks of `targets` worth a build: under `skip`, a chunk that takes away (of `all`)
  /// all that is left of a failed removal counts as failed without one.
  std::vector<Candidate> chunk(const std::vector<Target>& targets, const std::vector<Target>& all) {
    std::vector<Candidate> candidates;
    TakenAway taken(all);
    for (auto& candidate : removal_chunks(targets, std::min(chunk_, targets.size()))) {
      auto symbols = removed_symbols(candidate);
      if (inference_ == Inference::skip && failed_.implies_failure(taken.of(symbols), engine_)) {
        ++result_.rejected;
        tried_.insert(symbols.begin(), symbols.end());
      } else {
        candidates.push_back(std::move(candidate));
      }
    }
    return candidates;
  }

  /// What judging `candidates` in order gave: those before the accepted one (all, if none
  /// was) are rejected and tried for this round; those that failed teach `failed`.
  void record(const std::vector<Candidate>& candidates, const std::vector<Verdict>& verdicts,
              std::optional<size_t> accepted) {
    size_t not_passed = accepted.value_or(candidates.size());
    result_.rejected += not_passed;
    for (size_t i = 0; i < not_passed; ++i)
      for (auto& symbol : removed_symbols(candidates[i]))
        tried_.insert(std::move(symbol));
    failed_.add_failed(candidates, verdicts);
    if (accepted) ++result_.passed;
  }

  const RoundResult& result() const { return result_; }

private:
  Engine& engine_;
  const size_t chunk_;
  FailedRemovals& failed_;
  const Inference inference_;
  std::set<std::string> tried_; // in chunks that did not pass
  RoundResult result_;
};

} // namespace

RoundResult run_round(Engine& engine, size_t chunk, const std::string& phase,
                      FailedRemovals& failed, Inference inference) {
  Round round(engine, chunk, failed, inference);
  bool announced = false;
  while (!engine.out_of_budget()) {
    std::vector<Target> all = engine.targets();
    std::vector<Target> targets = round.select(all);
    if (targets.empty()) break;
    if (!announced) // the round's first targets size the phase: no extra symbol dump
      engine.begin_phase({phase, (targets.size() + chunk - 1) / chunk});
    announced = true;
    auto candidates = round.chunk(targets, all);
    if (candidates.empty()) break;
    std::vector<Verdict> verdicts;
    auto accepted = engine.try_in_order(candidates, &verdicts);
    round.record(candidates, verdicts, accepted);
    if (!accepted) break;
  }
  return round.result();
}

} // namespace kshrink::optimizer
