// BuildPool: worker choice by config distance, blocking hand-out of idle workers, parked
// build directories.
#include "builder/build_pool.h"

#include "util/directory_mirror.h"
#include "util/error.h"
#include "util/files.h"
#include "util/log.h"
#include "util/stopwatch.h"

#include <algorithm>

namespace kshrink::builder {

size_t config_distance(const kconfig::ConfigFile& a, const kconfig::ConfigFile& b) {
  return kconfig::changed_symbols(a, b).size();
}

BuildPool::BuildPool(const tree::KernelTree& tree, const util::WorkDir& workdir,
                     const BuildSettings& settings)
    : BuildPool(workdir.builders(tree.key), settings, [&](int index) {
        return std::make_unique<KernelBuilder>(tree, workdir, settings, index);
      }) {}

BuildPool::BuildPool(const std::filesystem::path& builders, const BuildSettings& settings,
                     const WorkerFactory& make_worker)
    : min_free_bytes_(settings.min_free_bytes), busy_(std::max(1, settings.workers), false) {
  // Runs of one work directory at the same time (the daemon's concurrent runs) each claim
  // their own build directories: the first ones nobody holds.
  std::filesystem::create_directories(builders);
  auto claim = [&](const std::string& prefix, int wanted) {
    std::vector<int> claimed;
    for (int i = 0; int(claimed.size()) < wanted; ++i) {
      if (i >= wanted + max_claim_attempts)
        throw util::EnvironmentError("every " + prefix + " directory under " + builders.string() +
                                     " is in use by other kshrink processes");
      auto lock = util::FileLock::try_lock(builders / (prefix + std::to_string(i) + ".lock"));
      if (!lock) continue;
      claims_.push_back(std::move(lock));
      claimed.push_back(i);
    }
    return claimed;
  };
  for (int i : claim("w", int(busy_.size())))
    workers_.push_back(make_worker(i));
  for (int i : claim("parked", settings.parked)) {
    ParkedBuild slot{.dir = builders / ("parked" + std::to_string(i))};
    try { // a slot an earlier process finished parking holds the build of its marker config
      if (std::filesystem::exists(marker(slot)))
        slot.config = kconfig::ConfigFile::load(marker(slot));
    } catch (const util::Error&) {
    }
    parked_.push_back(std::move(slot));
  }
}

std::filesystem::path BuildPool::marker(const ParkedBuild& slot) {
  return slot.dir.string() + ".config";
}

void BuildPool::start_from_closest(size_t index, const kconfig::ConfigFile& config) {
  std::lock_guard lock(parked_mutex_);
  Worker& worker = *workers_[index];
  size_t nearest = config_distance(worker.last_config(), config);
  ParkedBuild* closest = nullptr;
  for (auto& slot : parked_) {
    if (!slot.holds_build()) continue;
    size_t distance = config_distance(slot.config, config);
    if (distance < nearest) nearest = distance, closest = &slot;
  }
  if (!closest) return;
  closest->last_used = ++use_clock_;
  util::Stopwatch watch;
  try {
    worker.restore(closest->dir, closest->config);
    util::note(worker.build_dir().filename().string() + " starts from the parked build of " +
               closest->config.hash().substr(0, 12) + " (" + std::to_string(nearest) +
               " symbols away), copied in " + util::seconds_text(watch.seconds()));
  } catch (const util::Error& e) {
    util::note(e.what());
  }
}

void BuildPool::park(const BuildResult& result) {
  if (parked_.empty() || result.status != BuildStatus::ok) return;
  auto held = std::find_if(workers_.begin(), workers_.end(),
                           [&](const auto& worker) { return worker->index() == result.worker; });
  size_t index = size_t(held - workers_.begin());
  {
    std::lock_guard lock(mutex_);
    if (held == workers_.end() || busy_[index] ||
        workers_[index]->last_config().hash() != result.config_hash)
      return; // the worker has moved on: nothing left to park
    busy_[index] = true;
  }
  {
    std::lock_guard lock(parked_mutex_);
    auto same = std::find_if(parked_.begin(), parked_.end(), [&](const ParkedBuild& slot) {
      return slot.holds_build() && slot.config.hash() == result.config_hash;
    });
    auto slot = same != parked_.end()
                    ? same
                    : std::min_element(parked_.begin(), parked_.end(),
                                       [](auto& a, auto& b) { return a.last_used < b.last_used; });
    slot->last_used = ++use_clock_;
    if (same == parked_.end() &&
        util::available_bytes(workers_[index]->build_dir()) >= min_free_bytes_) {
      try {
        std::error_code ec;
        std::filesystem::remove(marker(*slot), ec);
        slot->config = {};
        util::mirror_directory(workers_[index]->build_dir(), slot->dir);
        slot->config = workers_[index]->last_config();
        util::write_file_atomic(marker(*slot), slot->config.text());
      } catch (const util::Error& e) {
        slot->config = {};
        util::note(std::string("not parking the build: ") + e.what());
      }
    }
  }
  {
    std::lock_guard lock(mutex_);
    busy_[index] = false;
  }
  idle_.notify_one();
}

BuildResult BuildPool::build(const kconfig::ConfigFile& config, const std::atomic<bool>* cancel) {
  size_t chosen = 0;
  {
    std::unique_lock lock(mutex_);
    idle_.wait(lock,
               [this] { return std::find(busy_.begin(), busy_.end(), false) != busy_.end(); });
    size_t best_distance = SIZE_MAX;
    for (size_t i = 0; i < workers_.size(); ++i) {
      if (busy_[i]) continue;
      size_t distance = config_distance(workers_[i]->last_config(), config);
      if (distance < best_distance) best_distance = distance, chosen = i;
    }
    busy_[chosen] = true;
  }
  start_from_closest(chosen, config);
  BuildResult result = workers_[chosen]->build(config, cancel);
  {
    std::lock_guard lock(mutex_);
    busy_[chosen] = false;
  }
  idle_.notify_one();
  return result;
}

std::filesystem::path BuildPool::closest_build_dir(const kconfig::ConfigFile& config) const {
  std::filesystem::path closest;
  size_t best_distance = SIZE_MAX;
  for (const auto& worker : workers_) {
    if (!std::filesystem::exists(worker->build_dir() / "vmlinux")) continue;
    size_t distance = config_distance(worker->last_config(), config);
    if (distance < best_distance) best_distance = distance, closest = worker->build_dir();
  }
  return closest;
}

} // namespace kshrink::builder
