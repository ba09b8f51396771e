// A running run's live state: what it is doing now, written by the run's process to its
// directory (RunFiles::live) at each step and read by the API, `kshrink status --watch` and
// the page. The database holds what is done; this file holds what is under way.
#pragma once

#include "optimizer/engine.h"
#include "util/stopwatch.h"

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace kshrink::run {

/// Seconds until the budget ends: the time left of a time budget; for a build budget, the
/// builds left at the pace so far; the sooner of the two; nullopt if neither can be said yet.
std::optional<double> seconds_to_budget_end(const optimizer::EngineSettings& budget,
                                            const optimizer::BudgetUse& used);

/// Writes the live state file as the run moves: steps before the search ("profile", "sanity
/// check", "reference"), then the search's phases and candidates, then "outputs".
class LiveStateWriter : public optimizer::EngineObserver {
public:
  LiveStateWriter(std::filesystem::path file, const optimizer::EngineSettings& budget);
  /// The engine whose budget use gives the ETA, once it exists.
  void watch(const optimizer::Engine& engine) {
    std::lock_guard lock(mutex_);
    engine_ = &engine;
    best_bytes_ = engine.best_bytes();
  }
  /// A step of the run outside the search.
  void step(const std::string& name);
  void on_candidate(const optimizer::Candidate& candidate) override;
  void on_trial(const optimizer::Trial& trial) override;
  void on_accept(const optimizer::Acceptance& acceptance) override;
  void on_phase(const optimizer::Phase& phase) override;

private:
  /// Writes the file: at once for a step, phase or acceptance; at most once a second for
  /// candidates and trials.
  void write(bool now);
  std::filesystem::path file_;
  const optimizer::EngineSettings& budget_;
  const optimizer::Engine* engine_ = nullptr;
  std::mutex mutex_;
  util::Stopwatch clock_;
  std::chrono::steady_clock::time_point last_write_{};
  std::string phase_, candidate_, last_verdict_;
  size_t position_ = 0, planned_ = 0, trials_ = 0, accepted_ = 0;
  uint64_t best_bytes_ = 0;
};

} // namespace kshrink::run
