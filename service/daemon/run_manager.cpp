// RunManager: scheduling, child runs, cancel and shutdown.
#include "service/daemon/run_manager.h"

#include "util/files.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/run_files.h"
#include "util/subprocess.h"
#include "util/work_dir.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using kshrink::storage::RunState;

namespace kshrink::service::daemon {
RunManager::RunManager(RunManagerSettings settings)
    : settings_(std::move(settings)), db_(settings_.database), runs_(db_) {}

RunManager::~RunManager() {
  shutdown();
}

void RunManager::start() {
  // A paused run is tried again too: a restart is when a machine's fault is most often fixed.
  for (auto state : {RunState::running, RunState::interrupted, RunState::paused})
    for (int64_t id : runs_.with_state(state)) {
      util::note("run " + std::to_string(id) + " was " + to_string(state) + ": queued to resume");
      runs_.set_state(id, RunState::queued);
    }
  scheduler_ = std::thread([this] { schedule(); });
}

int64_t RunManager::submit(const run::RunSettings& settings) {
  int64_t id = runs_.create({.state = RunState::queued,
                             .checks = settings.checks,
                             .objective = settings.objective,
                             .strategy = settings.strategy,
                             .settings_json = run::to_json(settings)});
  util::note("run " + std::to_string(id) + " queued");
  wake_.notify_all();
  return id;
}

bool RunManager::cancel(int64_t id) {
  std::lock_guard lock(mutex_);
  if (auto it = active_.find(id); it != active_.end()) {
    if (it->second->finished) return false;
    runs_.request_cancel(id); // before the stop: the run's process ends it cancelled
    it->second->cancelled = true;
    it->second->stop = true;
    return true;
  }
  auto run = runs_.get(id);
  if (!run || run->state != RunState::queued) return false;
  runs_.set_state(id, RunState::cancelled, "cancelled before it started");
  return true;
}

bool RunManager::resume(int64_t id) {
  std::lock_guard lock(mutex_);
  auto run = runs_.get(id);
  if (active_.contains(id) || !run || !storage::resumable(run->state)) return false;
  runs_.set_state(id, RunState::queued);
  util::note("run " + std::to_string(id) + " was " + to_string(run->state) + ": queued to resume");
  wake_.notify_all();
  return true;
}

int RunManager::busy_builders() const {
  std::lock_guard lock(mutex_);
  int busy = 0;
  for (const auto& [id, active] : active_)
    busy += active->finished ? 0 : active->workers;
  return busy;
}

void RunManager::reap_finished() {
  for (auto it = active_.begin(); it != active_.end();) {
    if (!it->second->finished) {
      ++it;
      continue;
    }
    it->second->thread.join();
    it = active_.erase(it);
  }
}

void RunManager::schedule() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    reap_finished();
    for (int64_t id : runs_.with_state(RunState::queued)) {
      if (int(active_.size()) >= settings_.concurrent_runs) break;
      if (active_.contains(id)) continue;
      auto& active = active_[id] = std::make_unique<Active>();
      auto run = runs_.get(id);
      auto json = nlohmann::json::parse(run->settings_json, nullptr, false);
      active->workers = json.is_object() ? json.value("workers", 1) : 1;
      runs_.set_state(id, RunState::running);
      active->thread = std::thread([this, id, a = active.get()] { execute(id, *a); });
    }
    wake_.wait_for(lock, std::chrono::seconds(1));
  }
}

void RunManager::execute(int64_t id, Active& active) {
  util::RunFiles files(util::WorkDir::run_dir(settings_.database, id));
  fs::create_directories(files.dir());
  util::note("run " + std::to_string(id) + " starting (log " + files.log().string() + ")");
  util::CommandResult result = util::system_runner().run(
      {.program = settings_.binary.string(),
       .args = {"run", "--resume", std::to_string(id), "--db", settings_.database.string(),
                "--json"},
       .output = files.summary(),
       .error_output = files.log(),
       .cancel = &active.stop,
       .kill_grace = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.stop_grace)});
  auto run = runs_.get(id);
  if (active.cancelled) {
    runs_.set_state(id, RunState::cancelled, "cancelled by request");
  } else if (run && (run->state == RunState::running || run->state == RunState::queued)) {
    // Stopped by a shutdown (or the daemon's own SIGTERM, which reaches the child first).
    bool stopped =
        active.stop || util::interrupted() || result.status != util::CommandResult::Status::exited;
    runs_.set_state(id, stopped ? RunState::interrupted : RunState::failed,
                    stopped ? result.describe() : util::tail_lines(files.log(), 3));
  }
  auto ended = runs_.get(id);
  util::note("run " + std::to_string(id) + " ended " + (ended ? to_string(ended->state) : "?"));
  std::lock_guard lock(mutex_);
  active.finished = true;
  wake_.notify_all();
}

void RunManager::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, active] : active_)
      active->stop = true;
  }
  wake_.notify_all();
  if (scheduler_.joinable()) scheduler_.join(); // no run starts after this
  std::map<int64_t, std::unique_ptr<Active>> leaving;
  {
    std::lock_guard lock(mutex_);
    leaving.swap(active_);
  }
  for (auto& [id, active] : leaving) // each thread locks mutex_ once more as it ends
    if (active->thread.joinable()) active->thread.join();
}

} // namespace kshrink::service::daemon
