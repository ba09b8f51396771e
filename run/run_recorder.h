// RunRecorder: stores a run's trials and best-size history as the engine reports them, and
// ProgressPrinter shows progress: one live line on a terminal, plain lines otherwise.
#pragma once

#include "optimizer/engine.h"
#include "storage/run_store.h"
#include "util/stopwatch.h"

#include <cstdio>

namespace kshrink::run {

/// Mutations as JSON text, by symbol: [{"symbol":"X","value":"n"},...].
std::string mutations_json(const optimizer::Candidate& mutations);

/// Stores what run `run_id` has spent of its budget, as `engine` counts it.
void save_budget_use(storage::RunStore& runs, int64_t run_id, const optimizer::Engine& engine);

/// Writes every trial and accepted step of run `run_id` to the store, and what the run has
/// spent of its budget. Best points are numbered from 1 in each process: a resumed run
/// replays the same acceptances first, and the points stored before are kept.
class RunRecorder : public optimizer::EngineObserver {
public:
  RunRecorder(storage::RunStore& runs, int64_t run_id, const optimizer::Engine& engine)
      : runs_(runs), run_id_(run_id), engine_(engine) {}
  void on_trial(const optimizer::Trial& trial) override;
  void on_accept(const optimizer::Acceptance& acceptance) override;

private:
  storage::RunStore& runs_;
  int64_t run_id_;
  const optimizer::Engine& engine_;
  int64_t seq_ = 0;
};

/// Progress for a person: trials, failures, best bytes and % saved, builds per hour, and the
/// current phase with its estimated time to completion.
class ProgressPrinter : public optimizer::EngineObserver {
public:
  ProgressPrinter(FILE* out, uint64_t start_bytes);
  void on_trial(const optimizer::Trial& trial) override;
  void on_accept(const optimizer::Acceptance& acceptance) override;
  void on_phase(const optimizer::Phase& phase) override;
  /// Ends the live line.
  void finish();

private:
  void print(const std::string& event);
  FILE* out_;
  bool terminal_;
  uint64_t start_bytes_, best_bytes_;
  std::string eta() const;
  size_t trials_ = 0, failed_ = 0, builds_ = 0, accepted_ = 0;
  optimizer::Phase phase_;
  size_t phase_trials_ = 0;
  util::Stopwatch clock_;
};

} // namespace kshrink::run
