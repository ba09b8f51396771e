// Engine: owns the search state every strategy shares: the best config so far (always one
// that passed), trials W at a time with the earliest success in proposal order winning (so
// results do not depend on W), a verdict cache by resolved-config hash, budgets, and the
// history of accepted removals. Strategies only decide what to try, in which order.
#pragma once

#include "optimizer/moves.h"
#include "optimizer/search_space.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kshrink::optimizer {

/// What a run has spent of its budget: builds (cache hits are free) and wall time.
struct BudgetUse {
  size_t builds = 0;
  std::chrono::seconds time{0};
};

/// What the engine needs to know beyond its interfaces.
struct EngineSettings {
  int workers = 1;                              ///< candidates judged at the same time
  std::optional<size_t> max_builds;             ///< budget: judged candidates (cache hits are free)
  std::optional<std::chrono::seconds> max_time; ///< budget: wall time
  /// Of the budget, by the run before it was resumed (counts toward it). A resumed run first
  /// replays, from stored verdicts, what it did before; that time is in `spent` already, so
  /// its clock starts with its first build.
  BudgetUse spent;
  std::set<std::string> keep; ///< never removed (--keep and harness needs)
  std::set<std::string> drop; ///< forced off from the start (--drop)
  /// What the checks need by construction (their features, the drivers of the devices the
  /// harness attaches): kept, like `keep`, where the start config enables them.
  std::set<std::string> needed;
  SizeEstimate estimate;   ///< bytes a symbol brings, for ordering
  RebuildEstimate rebuild; ///< share of the kernel a symbol recompiles, to group by cost
  /// Symbols that add no code but make prompts settable ("if EXPERT" in 6.1 guards 168):
  /// removals they open are tried with the gate turned on in the same candidate, and a gate
  /// that is on is never removed (its hidden prompts would return to their defaults).
  std::vector<std::string> gates = {"EXPERT"};
  const std::atomic<bool>* stop = nullptr; ///< when true, the search ends (like a budget)
};

/// One candidate judged, as observers see it.
struct Trial {
  Candidate mutations;
  std::string hash; ///< resolved config hash
  Outcome outcome;  ///< verdict relative to the best at the time (too_big, unchanged...)
  bool accepted = false;
};

/// One accepted step: what it changed and what it saved.
struct Acceptance {
  Candidate mutations;
  uint64_t bytes_before = 0, bytes_after = 0;
  std::string hash;
};

/// A stage of a strategy (a ddmin granularity, the 1-minimality pass...), announced so that
/// progress displays can say where the search is and estimate when the stage ends.
struct Phase {
  std::string name;
  size_t planned = 0; ///< candidates the strategy expects to try in it (an estimate)
};

/// Receives the engine's events (progress display, storage, metrics). Called from the
/// engine's threads one at a time.
class EngineObserver {
public:
  virtual ~EngineObserver() = default;
  /// A candidate the engine has not judged yet goes to the oracle (to be built and booted, or
  /// answered from stored verdicts).
  virtual void on_candidate(const Candidate&) {}
  virtual void on_trial(const Trial&) {}
  virtual void on_accept(const Acceptance&) {}
  virtual void on_phase(const Phase&) {}
};

/// Forwards every event to several observers, in order.
class ObserverFanOut : public EngineObserver {
public:
  explicit ObserverFanOut(std::vector<EngineObserver*> observers)
      : observers_(std::move(observers)) {}
  void on_candidate(const Candidate& candidate) override {
    for (auto* observer : observers_)
      observer->on_candidate(candidate);
  }
  void on_trial(const Trial& trial) override {
    for (auto* observer : observers_)
      observer->on_trial(trial);
  }
  void on_accept(const Acceptance& acceptance) override {
    for (auto* observer : observers_)
      observer->on_accept(acceptance);
  }
  void on_phase(const Phase& phase) override {
    for (auto* observer : observers_)
      observer->on_phase(phase);
  }

private:
  std::vector<EngineObserver*> observers_;
};

/// The start config failed its checks (or a pin cannot hold): a run cannot begin.
class StartRejected : public std::runtime_error {
public:
  StartRejected(const std::string& message, Outcome outcome)
      : std::runtime_error(message), outcome(std::move(outcome)) {}
  Outcome outcome;
};

/// The search state and its trial machinery.
class Engine {
public:
  Engine(ConfigResolver& resolver, SymbolSource& symbols, Oracle& oracle, EngineSettings settings,
         EngineObserver* observer = nullptr);

  /// Replaces the observer (e.g. one that needs the engine itself).
  void set_observer(EngineObserver* observer) { observer_ = observer; }

  /// Applies --drop, resolves and judges the start config, and keeps the needed symbols it
  /// enables. Throws StartRejected if it does not pass or a pin cannot hold, CannotJudge if
  /// it got no answer.
  void start(const kconfig::ConfigFile& config);

  /// Removal targets of the current best config, those its closed gates would open included,
  /// estimated from the sizes measured so far where there are some. Kept symbols and their
  /// enabling closures are not targets: removing them could only be pinned.
  std::vector<Target> targets();

  /// Choice switches the current best config allows.
  std::vector<ChoiceSwitch> choice_switches();

  /// Judges `candidates` (each relative to the best) in order, W at a time, and accepts the
  /// first that passes and is smaller. Returns its index, or nullopt if none was accepted
  /// (or the budget ran out first). `verdicts`, if given, receives the verdict of each
  /// candidate a single worker would have judged, in order (the accepted one last). Throws
  /// CannotJudge when one of those got no answer (an infra_error).
  std::optional<size_t> try_in_order(const std::vector<Candidate>& candidates,
                                     std::vector<Verdict>* verdicts = nullptr);

  /// Announces a new stage of the strategy to the observer.
  void begin_phase(const Phase& phase) {
    if (observer_) observer_->on_phase(phase);
  }

  /// True once a budget is spent; strategies stop then, and the best stays the answer.
  bool out_of_budget() const;
  /// What the run has spent of its budget, before a resume included.
  BudgetUse budget_used() const;

  const kconfig::ResolvedConfig& best() const { return best_; }
  uint64_t best_bytes() const { return best_bytes_; }
  uint64_t start_bytes() const { return start_bytes_; }
  const std::vector<Acceptance>& accepted() const { return accepted_; }
  /// Candidates actually built and booted.
  size_t builds() const { return builds_; }

private:
  struct Judged {
    std::string hash;
    Outcome outcome;
    kconfig::ResolvedConfig resolved;
  };
  Judged judge(const Candidate& candidate, const std::atomic<bool>* cancel);
  bool improves(const Outcome& outcome) const;
  uint64_t estimate(const kconfig::Symbol& symbol) const;
  void learn_sizes(const Candidate& candidate, const Outcome& outcome);
  void record(const Candidate& candidate, const Judged& judged, bool accepted);

  ConfigResolver& resolver_;
  SymbolSource& symbols_;
  Oracle& oracle_;
  EngineSettings settings_;
  EngineObserver* observer_;
  /// When the budget's clock started (steady_clock ticks; 0: not yet): construction, or a
  /// resumed run's first build. Atomic: observers read the budget inside record()'s lock.
  std::atomic<std::chrono::steady_clock::rep> clock_started_{0};

  kconfig::ResolvedConfig best_;
  uint64_t best_bytes_ = 0, best_tiebreak_ = 0, start_bytes_ = 0;
  std::vector<Acceptance> accepted_;
  size_t builds_ = 0;
  std::mutex mutex_;                     // guards cache_, builds_, observer calls
  std::map<std::string, Outcome> cache_; // resolved hash -> raw outcome (pass, failures)
  // Sizes measured from built candidates (bytes saved, shared over the symbols a candidate
  // switched off in proportion to their estimates), and the last estimate of each target.
  std::map<std::string, uint64_t> measured_, estimated_;
  // Rebuild share of each choice switch (current member, new member), priced once.
  std::map<std::pair<std::string, std::string>, double> switch_prices_;
};

} // namespace kshrink::optimizer
