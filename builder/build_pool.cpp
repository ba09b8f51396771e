// BuildPool: worker choice by config distance, blocking hand-out of idle workers.
#include "builder/build_pool.h"

#include <algorithm>
#include <map>

namespace kshrink::builder {

size_t config_distance(const kconfig::ConfigFile& a, const kconfig::ConfigFile& b) {
  std::map<std::string, std::string> values;
  for (auto& [symbol, value] : a.assignments())
    if (value != "n") values[symbol] = value;
  size_t distance = 0;
  for (auto& [symbol, value] : b.assignments()) {
    if (value == "n") continue;
    auto it = values.find(symbol);
    if (it == values.end() || it->second != value) ++distance;
    if (it != values.end()) values.erase(it);
  }
  return distance + values.size();
}

BuildPool::BuildPool(const tree::KernelTree& tree, const std::filesystem::path& workdir,
                     const BuildSettings& settings)
    : busy_(std::max(1, settings.workers), false) {
  for (int i = 0; i < std::max(1, settings.workers); ++i)
    workers_.push_back(std::make_unique<KernelBuilder>(tree, workdir, settings, i));
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

int BuildPool::busy() const {
  std::lock_guard lock(mutex_);
  return int(std::count(busy_.begin(), busy_.end(), true));
}

} // namespace kshrink::builder
