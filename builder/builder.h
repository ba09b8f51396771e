// Builder: the narrow interface through which the rest of kshrink gets a config built.
// The real one spawns make (KernelBuilder, BuildPool); tests use fakes.
#pragma once

#include "builder/build_result.h"
#include "kconfig/config_file.h"

#include <atomic>

namespace kshrink::builder {

/// Builds resolved configs.
class Builder {
public:
  virtual ~Builder() = default;
  /// Builds `config` (already resolved by the tree's Kconfig). Failures are in the result's
  /// status; setting `*cancel` stops the build and kills every process of it.
  virtual BuildResult build(const kconfig::ConfigFile& config,
                            const std::atomic<bool>* cancel = nullptr) = 0;
};

} // namespace kshrink::builder
