// KernelOracle: the real Oracle: builds a candidate in the pool, boots it with the checker,
// and keeps what a person needs to reproduce the verdict by hand (config, build log, console)
// under WORKDIR/artifacts/<config hash>/.
#pragma once

#include "bootcheck/boot_checker.h"
#include "builder/builder.h"
#include "optimizer/search_space.h"
#include "run/objective.h"

#include <atomic>
#include <filesystem>

namespace kshrink::run {

/// Build, then boot and check.
class KernelOracle : public optimizer::Oracle {
public:
  /// Builds with `builder` (told to park what passes), boots with `checker`, keeps each
  /// candidate's files under `artifacts`/<config hash>.
  KernelOracle(builder::Builder& builder, bootcheck::BootChecker& checker, Objective objective,
               std::filesystem::path artifacts)
      : builder_(builder), checker_(checker), objective_(objective),
        artifacts_(std::move(artifacts)) {}

  optimizer::Outcome judge(const kconfig::ResolvedConfig& config,
                           const std::atomic<bool>* cancel) override;

  /// Candidates built (or tried to build) so far.
  size_t builds() const { return builds_; }

private:
  builder::Builder& builder_;
  bootcheck::BootChecker& checker_;
  Objective objective_;
  std::filesystem::path artifacts_;
  std::atomic<size_t> builds_ = 0;
};

} // namespace kshrink::run
