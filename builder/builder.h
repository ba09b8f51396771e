// Builder: the narrow interface through which the rest of kshrink gets a config built, and
// Worker, a builder with a build directory of its own that a BuildPool hands builds to.
// The real ones spawn make (KernelBuilder, BuildPool); tests use fakes.
#pragma once

#include "builder/build_result.h"
#include "kconfig/config_file.h"

#include <atomic>
#include <filesystem>

namespace kshrink::builder {

/// Builds resolved configs.
class Builder {
public:
  virtual ~Builder() = default;
  /// Builds `config` (already resolved by the tree's Kconfig). Failures are in the result's
  /// status; setting `*cancel` stops the build and kills every process of it.
  virtual BuildResult build(const kconfig::ConfigFile& config,
                            const std::atomic<bool>* cancel = nullptr) = 0;
  /// Told that `result`'s kernel passed its checks: a builder that can keep that build for the
  /// configs near it does (BuildPool parks it); by default nothing is kept.
  virtual void park(const BuildResult& result) { (void)result; }
};

/// A builder whose build directory is kept between builds, so that each build is incremental
/// from the last.
class Worker : public Builder {
public:
  /// The worker's number; BuildResult::worker names it.
  virtual int index() const = 0;
  /// The build directory (O=).
  virtual const std::filesystem::path& build_dir() const = 0;
  /// The config built last (empty before the first build).
  virtual const kconfig::ConfigFile& last_config() const = 0;
  /// Makes the build directory an exact copy of `parked`, the build directory of `config`, so
  /// the next build starts from that config's objects. If the copy fails the directory is
  /// emptied (the next build is clean, never a mix of two builds) and util::Error is thrown.
  virtual void restore(const std::filesystem::path& parked, const kconfig::ConfigFile& config) = 0;
};

} // namespace kshrink::builder
