// RunStore: runs, their trials and their best-size history. Every write is committed before
// the caller goes on, so a run killed at any point resumes from what the database holds.
#pragma once

#include "storage/database.h"
#include "storage/run_state.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::storage {

/// One run as stored.
struct RunRecord {
  int64_t id = 0;
  RunState state = RunState::queued;
  std::string tree_key, tree_version, checks, objective, strategy, settings_json;
  std::string start_hash, best_hash, error, created_at, updated_at;
  uint64_t start_bytes = 0, best_bytes = 0;
  int64_t spent_builds = 0, spent_seconds = 0; ///< of the run's budget, so far
  bool cancel_requested = false; ///< a user asked to cancel it: once stopped, it is cancelled
};

/// One point of a run's convergence: the best after an accepted step.
struct BestPoint {
  int64_t seq = 0;
  uint64_t bytes = 0;
  std::string config_hash;
  int64_t builds = 0;
  double seconds = 0;
  std::string mutations_json;
};

/// One trial of a run, as stored.
struct TrialRecord {
  std::string parent_hash, mutations_json, config_hash, verdict;
  bool accepted = false, computed = false;
  uint64_t bytes = 0;
  int64_t builds = 0; ///< of the run's budget spent when it was judged (this one's included)
  double seconds = 0;
};

/// Runs in the database; safe to use from several threads.
class RunStore {
public:
  explicit RunStore(Database& database) : db_(database) {}
  /// Inserts a run (its id is ignored) and returns the new id.
  int64_t create(const RunRecord& run);
  std::optional<RunRecord> get(int64_t id);
  /// Runs newest first: at most `limit`, those older than run `before` if given.
  std::vector<RunRecord> list(size_t limit = SIZE_MAX, std::optional<int64_t> before = {});
  /// How many runs are in each state (states with none absent).
  std::map<RunState, size_t> count_by_state();
  /// The runs in `state`, whole, oldest first.
  std::vector<RunRecord> records_with_state(RunState state);
  void set_state(int64_t id, RunState state, const std::string& error = "");
  void set_start(int64_t id, const std::string& hash, uint64_t bytes);
  /// The tree a queued run turned out to use, once it is prepared.
  void set_tree(int64_t id, const std::string& tree_key, const std::string& tree_version);
  /// Runs in `state`, oldest first.
  std::vector<int64_t> with_state(RunState state);
  void set_best(int64_t id, const std::string& hash, uint64_t bytes);
  /// Marks that a user asked to cancel the run, before it is stopped: the process running it
  /// then ends it cancelled, not interrupted, with no moment in between.
  void request_cancel(int64_t id);
  /// What the run has spent of its budget so far (a resume goes on with the rest).
  void set_spent(int64_t id, int64_t builds, int64_t seconds);
  /// Adds a trial, unless the run has it already (the same parent, mutations and result: a
  /// resumed run replaying).
  void add_trial(int64_t id, const TrialRecord& trial);
  /// Adds a point; one already stored under its seq (a resumed run replaying) is kept.
  void add_best_point(int64_t id, const BestPoint& point);
  std::vector<BestPoint> best_history(int64_t id);
  /// The run's trials, oldest first; with `built_only`, those a build was spent on.
  std::vector<TrialRecord> trials(int64_t id, bool built_only = false);
  /// The run's trials counted by verdict; with `built_only`, those a build was spent on.
  std::map<std::string, int64_t> trial_counts(int64_t id, bool built_only = false);

private:
  Database& db_;
  std::mutex mutex_;
};

} // namespace kshrink::storage
