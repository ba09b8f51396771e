// BuildPool: W workers, each with its own build directory; a build goes to the idle worker
// whose last config is closest to it, so it rebuilds as little as possible. Build directories
// of kernels that passed are parked beside the workers: a candidate closer to a parked build
// (the best, after a failed candidate) starts from a copy of it instead of undoing the failure.
#pragma once

#include "builder/builder.h"
#include "builder/kernel_builder.h"
#include "util/files.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace kshrink::builder {

/// Number of symbols whose value differs between two configs (absent counts as "n").
size_t config_distance(const kconfig::ConfigFile& a, const kconfig::ConfigFile& b);

/// A pool of workers that is itself a Builder; safe to call from W threads at once.
class BuildPool : public Builder {
public:
  /// Makes one worker for each of a given index.
  using WorkerFactory = std::function<std::unique_ptr<Worker>(int index)>;

  /// A pool of KernelBuilders of `tree` in `workdir`'s build directories.
  BuildPool(const tree::KernelTree& tree, const util::WorkDir& workdir,
            const BuildSettings& settings);
  /// Claims `settings.workers` worker and `settings.parked` parked directories under
  /// `builders` that no other pool holds (lock files beside them), making each worker with
  /// `make_worker`; throws util::EnvironmentError if the next 64 are all taken too.
  BuildPool(const std::filesystem::path& builders, const BuildSettings& settings,
            const WorkerFactory& make_worker);

  /// Blocks until a worker is idle, then builds on the closest one.
  BuildResult build(const kconfig::ConfigFile& config,
                    const std::atomic<bool>* cancel = nullptr) override;

  /// The build directory of the worker whose last build is closest to `config` (where its
  /// objects can be measured); empty if no worker has built a kernel yet.
  std::filesystem::path closest_build_dir(const kconfig::ConfigFile& config) const;

  /// Keeps a copy of the build directory `result` came from (a kernel that passed its checks),
  /// if its worker still holds it; the least recently used parked build makes room. A copy
  /// that fails (full disk) is noted and dropped: parking only saves time.
  void park(const BuildResult& result) override;

private:
  /// A parked build directory and the config it holds (empty config: slot unused).
  struct ParkedBuild {
    std::filesystem::path dir;
    kconfig::ConfigFile config;
    uint64_t last_used = 0;
    bool holds_build() const { return !config.assignments().empty(); }
  };
  /// The config file that marks `slot` complete; absent while it is being written.
  static std::filesystem::path marker(const ParkedBuild& slot);
  /// Restores the parked build closest to `config` into worker `index` if it is closer than
  /// what the worker holds. Called with the worker marked busy, without mutex_.
  void start_from_closest(size_t index, const kconfig::ConfigFile& config);

  static constexpr int max_claim_attempts = 64;
  std::vector<std::unique_ptr<util::FileLock>> claims_; // the directories this pool holds
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<ParkedBuild> parked_;
  uint64_t use_clock_ = 0;
  uint64_t min_free_bytes_ = 0;
  std::mutex parked_mutex_; // held while a parked directory is read or written
  std::vector<bool> busy_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
};

} // namespace kshrink::builder
