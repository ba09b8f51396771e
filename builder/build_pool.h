// BuildPool: W workers, each with its own build directory; a build goes to the idle worker
// whose last config is closest to it, so it rebuilds as little as possible.
#pragma once

#include "builder/builder.h"
#include "builder/kernel_builder.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace kshrink::builder {

/// Number of symbols whose value differs between two configs (absent counts as "n").
size_t config_distance(const kconfig::ConfigFile& a, const kconfig::ConfigFile& b);

/// A pool of KernelBuilders that is itself a Builder; safe to call from W threads at once.
class BuildPool : public Builder {
public:
  BuildPool(const tree::KernelTree& tree, const std::filesystem::path& workdir,
            const BuildSettings& settings);

  /// Blocks until a worker is idle, then builds on the closest one.
  BuildResult build(const kconfig::ConfigFile& config,
                    const std::atomic<bool>* cancel = nullptr) override;

  /// The build directory of the worker whose last build is closest to `config` (where its
  /// objects can be measured); empty if no worker has built a kernel yet.
  std::filesystem::path closest_build_dir(const kconfig::ConfigFile& config) const;

  /// Workers building right now.
  int busy() const;
  /// Number of workers.
  int size() const { return int(workers_.size()); }

private:
  std::vector<std::unique_ptr<KernelBuilder>> workers_;
  std::vector<bool> busy_;
  mutable std::mutex mutex_;
  std::condition_variable idle_;
};

} // namespace kshrink::builder
