// Engine: speculative trials in windows of W, earliest success wins, cache by hash.
#include "optimizer/engine.h"

#include "kconfig/enabling_closure.h"
#include "util/error.h"

#include <algorithm>
#include <exception>
#include <thread>

namespace kshrink::optimizer {

Engine::Engine(ConfigResolver& resolver, SymbolSource& symbols, Oracle& oracle,
               EngineSettings settings, EngineObserver* observer)
    : resolver_(resolver), symbols_(symbols), oracle_(oracle), settings_(std::move(settings)),
      observer_(observer) {
  settings_.workers = std::max(1, settings_.workers);
  bool resumed = settings_.spent.builds > 0 || settings_.spent.time.count() > 0;
  if (!resumed) clock_started_ = std::chrono::steady_clock::now().time_since_epoch().count();
}

void Engine::start(const kconfig::ConfigFile& config) {
  kconfig::ConfigFile start = config;
  for (const auto& symbol : settings_.drop)
    start.set(symbol, "n");
  kconfig::ResolvedConfig resolved = resolver_.resolve(start);
  for (const auto& symbol : settings_.drop)
    if (resolved.config.value(symbol).value_or("n") != "n")
      throw StartRejected("--drop " + symbol +
                              " cannot hold: the tree's Kconfig turns it back on "
                              "(another enabled symbol selects it)",
                          {});
  for (const auto& symbol : settings_.keep)
    if (resolved.config.value(symbol).value_or("n") == "n")
      throw StartRejected("--keep " + symbol +
                              " cannot hold: it is not enabled in the start "
                              "config as the tree resolves it",
                          {});
  for (const auto& symbol : settings_.needed)
    if (resolved.config.value(symbol).value_or("n") != "n" && !settings_.drop.contains(symbol))
      settings_.keep.insert(symbol);
  Outcome outcome = oracle_.judge(resolved, nullptr);
  require_answer(outcome);
  if (outcome.verdict != Verdict::pass)
    throw StartRejected(std::string("the start config does not pass its checks (") +
                            to_string(outcome.verdict) + "): " + outcome.detail,
                        outcome);
  {
    std::lock_guard lock(mutex_);
    cache_[resolved.hash] = outcome;
  }
  best_ = std::move(resolved);
  best_bytes_ = start_bytes_ = outcome.bytes;
  best_tiebreak_ = outcome.tiebreak;
}

bool Engine::improves(const Outcome& outcome) const {
  return outcome.verdict == Verdict::pass &&
         (outcome.bytes < best_bytes_ ||
          (outcome.bytes == best_bytes_ && outcome.tiebreak < best_tiebreak_));
}

uint64_t Engine::estimate(const kconfig::Symbol& symbol) const {
  if (auto it = measured_.find(symbol.name); it != measured_.end()) return it->second;
  return settings_.estimate ? settings_.estimate(symbol) : 0;
}

std::vector<Target> Engine::targets() {
  SizeEstimate estimate = [this](const kconfig::Symbol& s) { return this->estimate(s); };
  kconfig::SymbolTable table = symbols_.symbols(best_.config);
  // A gate is never removed: turning EXPERT off adds code back (the hidden prompts return to
  // their defaults, MULTIUSER, PRINTK, BUG... all y), and the build is nearly a clean one.
  std::set<std::string> fixed(settings_.gates.begin(), settings_.gates.end());
  for (const auto& kept : settings_.keep)
    for (const auto& step : kconfig::enabling_closure(table, kept))
      fixed.insert(step.symbol);
  fixed.insert(settings_.keep.begin(), settings_.keep.end());
  std::vector<Target> targets = removal_targets(table, fixed, estimate, settings_.rebuild);
  for (const auto& gate : settings_.gates) {
    if (settings_.drop.contains(gate) || !gate_closed(table, gate)) continue;
    kconfig::ConfigFile opened = best_.config;
    opened.set(gate, "y");
    targets = with_gate(
        targets, removal_targets(symbols_.symbols(opened), fixed, estimate, settings_.rebuild),
        gate);
  }
  for (const auto& target : targets)
    estimated_[target.symbol] = target.estimated_bytes;
  return targets;
}

std::vector<ChoiceSwitch> Engine::choice_switches() {
  kconfig::SymbolTable table = symbols_.symbols(best_.config);
  if (!settings_.rebuild) return optimizer::choice_switches(table, settings_.keep);
  // Priced by what the tree's Kconfig changes with the switch, not by its two members alone:
  // HZ_250 -> HZ_100 recompiles little itself, but HZ, derived from it, nearly everything.
  // A price is a property of the two members (what derives from them), so it is taken once
  // per pair: each costs an olddefconfig, seconds on a real tree, and a choice phase asks
  // for the whole list again after every switch it accepts.
  SwitchPrice price = [&](const ChoiceSwitch& choice) {
    std::pair key{choice.current, choice.member};
    if (auto known = switch_prices_.find(key); known != switch_prices_.end()) return known->second;
    kconfig::ConfigFile config = best_.config;
    for (const auto& mutation : choice.mutations())
      config.set(mutation.symbol, mutation.value);
    double share = 0;
    for (const auto& name :
         kconfig::changed_symbols(best_.config, resolver_.resolve(config).config))
      if (const kconfig::Symbol* symbol = table.find(name))
        share = std::max(share, settings_.rebuild(*symbol));
    return switch_prices_[key] = share;
  };
  return optimizer::choice_switches(table, settings_.keep, price);
}

void Engine::learn_sizes(const Candidate& candidate, const Outcome& outcome) {
  if (outcome.bytes == 0) return; // not built: nothing measured
  uint64_t saved = best_bytes_ > outcome.bytes ? best_bytes_ - outcome.bytes : 0;
  uint64_t weights = 0;
  std::vector<std::pair<std::string, uint64_t>> removed;
  for (const auto& mutation : candidate)
    if (mutation.value == "n") {
      uint64_t weight = estimated_[mutation.symbol] + 1;
      removed.push_back({mutation.symbol, weight});
      weights += weight;
    }
  for (const auto& [symbol, weight] : removed)
    measured_[symbol] = uint64_t(double(saved) * double(weight) / double(weights));
}

Engine::Judged Engine::judge(const Candidate& candidate, const std::atomic<bool>* cancel) {
  kconfig::ConfigFile config = best_.config;
  for (const auto& mutation : candidate)
    config.set(mutation.symbol, mutation.value);
  Judged judged;
  judged.resolved = resolver_.resolve(config);
  judged.hash = judged.resolved.hash;
  if (judged.hash == best_.hash) {
    judged.outcome.verdict = Verdict::unchanged; // e.g. a selected symbol comes back
    return judged;
  }
  for (const auto& symbol : settings_.keep)
    if (judged.resolved.config.value(symbol).value_or("n") == "n") {
      judged.outcome.verdict = Verdict::pinned; // a kept symbol depends on what it removes
      judged.outcome.detail = "would turn off kept " + symbol;
      return judged;
    }
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(judged.hash); it != cache_.end()) {
      judged.outcome = it->second;
      judged.outcome.computed = false;
      return judged;
    }
    if (observer_) observer_->on_candidate(candidate);
  }
  judged.outcome = oracle_.judge(judged.resolved, cancel);
  return judged;
}

void Engine::record(const Candidate& candidate, const Judged& judged, bool accepted) {
  Trial trial{candidate, judged.hash, judged.outcome, accepted};
  if (trial.outcome.verdict == Verdict::pass && !accepted) trial.outcome.verdict = Verdict::too_big;
  if (judged.outcome.verdict == Verdict::cancelled ||
      judged.outcome.verdict == Verdict::infra_error)
    return; // no answer: nothing to record, and nothing the cache could answer later
  std::lock_guard lock(mutex_);
  if (judged.outcome.computed) {
    if (clock_started_ == 0) { // a resumed run's first build: its replay is over
      auto took =
          std::chrono::duration<double>(judged.outcome.build_seconds + judged.outcome.boot_seconds);
      clock_started_ = (std::chrono::steady_clock::now() -
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(took))
                           .time_since_epoch()
                           .count();
    }
    ++builds_;
    cache_[judged.hash] = judged.outcome;
  }
  if (observer_) observer_->on_trial(trial);
}

std::optional<size_t> Engine::try_in_order(const std::vector<Candidate>& candidates,
                                           std::vector<Verdict>* verdicts) {
  size_t next = 0;
  while (next < candidates.size() && !out_of_budget()) {
    size_t window = std::min<size_t>(settings_.workers, candidates.size() - next);
    if (settings_.max_builds)
      window = std::min(window, *settings_.max_builds - budget_used().builds);
    std::vector<Judged> results(window);
    std::vector<std::atomic<bool>> cancel(window);
    auto passes = [&](const Judged& j) { return improves(j.outcome); };
    std::vector<std::exception_ptr> errors(window);
    auto run_one = [&](size_t i) {
      try {
        results[i] = judge(candidates[next + i], &cancel[i]);
      } catch (...) {
        errors[i] = std::current_exception(); // rethrown below, on the caller's thread
        for (size_t other = 0; other < window; ++other)
          cancel[other] = true;
        return;
      }
      if (passes(results[i]))
        for (size_t later = i + 1; later < window; ++later)
          cancel[later] = true;
    };
    if (window == 1) {
      run_one(0);
    } else {
      std::vector<std::thread> threads;
      for (size_t i = 0; i < window; ++i)
        threads.emplace_back(run_one, i);
      for (auto& thread : threads)
        thread.join();
    }
    for (auto& error : errors)
      if (error) std::rethrow_exception(error);
    std::optional<size_t> winner;
    for (size_t i = 0; i < window && !winner; ++i)
      if (passes(results[i])) winner = i;
    // A candidate a single worker would have judged got no answer: the ones before it are
    // recorded, and the search stops there (a later one's answer stays in the verdict store).
    for (size_t i = 0; i <= winner.value_or(window - 1); ++i)
      if (results[i].outcome.verdict == Verdict::infra_error) {
        for (size_t before = 0; before < i; ++before) {
          record(candidates[next + before], results[before], false);
          learn_sizes(candidates[next + before], results[before].outcome);
        }
        throw CannotJudge(results[i].outcome.detail);
      }
    for (size_t i = 0; i < window; ++i)
      record(candidates[next + i], results[i], winner == i);
    // Only what a single worker would have judged teaches sizes: results stay independent of W.
    for (size_t i = 0; i <= winner.value_or(window - 1); ++i) {
      learn_sizes(candidates[next + i], results[i].outcome);
      if (verdicts) verdicts->push_back(results[i].outcome.verdict);
    }
    if (winner) {
      const Judged& won = results[*winner];
      Acceptance acceptance{candidates[next + *winner], best_bytes_, won.outcome.bytes, won.hash};
      best_ = won.resolved;
      best_bytes_ = won.outcome.bytes;
      best_tiebreak_ = won.outcome.tiebreak;
      accepted_.push_back(acceptance);
      if (observer_) observer_->on_accept(acceptance);
      return next + *winner;
    }
    next += window;
  }
  return std::nullopt;
}

BudgetUse Engine::budget_used() const {
  using clock = std::chrono::steady_clock;
  auto started = clock_started_.load();
  auto elapsed = started ? clock::now().time_since_epoch() - clock::duration(started)
                         : clock::duration::zero();
  return {.builds = settings_.spent.builds + builds_,
          .time = settings_.spent.time + std::chrono::duration_cast<std::chrono::seconds>(elapsed)};
}

bool Engine::out_of_budget() const {
  if (settings_.stop && settings_.stop->load()) return true;
  BudgetUse used = budget_used();
  if (settings_.max_builds && used.builds >= *settings_.max_builds) return true;
  if (settings_.max_time && used.time > *settings_.max_time) return true;
  return false;
}

} // namespace kshrink::optimizer
