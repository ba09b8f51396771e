// RunManager: the daemon's queue. Submitted runs are stored as `queued`; up to N at a time
// execute as child processes (`kshrink run --resume ID`, each in its own process group), so
// a run's builds and boots die with it and a crashing run cannot take the daemon down. Cancel
// stops one run (its process group gets SIGTERM, then SIGKILL); shutdown stops all of them,
// and runs left running or interrupted are queued again when the daemon starts.
#pragma once

#include "service/api/api.h"
#include "storage/database.h"
#include "storage/run_store.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace kshrink::service::daemon {

/// Where runs execute and how.
struct RunManagerSettings {
  std::filesystem::path database; ///< the SQLite file
  std::filesystem::path binary;   ///< the kshrink executable for child runs
  int concurrent_runs = 1;
  std::chrono::seconds stop_grace{60}; ///< SIGTERM to SIGKILL, for a run to stop its builds
};

/// The queue and the runs executing; thread-safe.
class RunManager : public api::RunControl {
public:
  explicit RunManager(RunManagerSettings settings);
  ~RunManager() override;

  /// Queues runs the last daemon left running, interrupted or paused, then starts scheduling.
  void start();
  int64_t submit(const run::RunSettings& settings) override;
  bool cancel(int64_t id) override;
  bool resume(int64_t id) override;
  /// Stops every executing run (they end `interrupted` and resume at the next start) and
  /// waits for them.
  void shutdown();
  /// Builder workers owned by executing runs.
  int busy_builders() const;

private:
  struct Active {
    std::atomic<bool> stop{false};
    bool cancelled = false; ///< by a user (not by shutdown)
    int workers = 1;
    bool finished = false;
    std::thread thread;
  };
  void schedule();
  void execute(int64_t id, Active& active);
  void reap_finished();

  RunManagerSettings settings_;
  storage::Database db_;
  storage::RunStore runs_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<int64_t, std::unique_ptr<Active>> active_;
  bool stopping_ = false;
  std::thread scheduler_;
};

} // namespace kshrink::service::daemon
