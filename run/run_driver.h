// The run driver: `kshrink run` from settings to a written best config and report. Sanity
// check first (the start config must pass its checks), then the strategy under the budget;
// every verdict is in the database before the search acts on it, so a run resumes.
#pragma once

#include "bootcheck/check.h"
#include "optimizer/strategy.h"
#include "run/budget.h"
#include "run/objective.h"
#include "run/run_settings.h"
#include "run/run_summary.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::run {

/// A run's settings parsed into what the run uses.
struct CheckedSettings {
  Budget budget;
  Objective objective;
  std::vector<bootcheck::Check> checks;
  std::unique_ptr<optimizer::Strategy> strategy;
};

/// Parses and refuses settings a run cannot start with (bad budget, objective, checks,
/// strategy, workers, timeouts, boot backend): throws util::Error naming the problem.
CheckedSettings check_settings(const RunSettings& settings);

/// Runs (or, with `resume`, continues) a minimization. Throws util::Error for bad input and
/// for a start config that fails its checks (with the failing check and console excerpt).
RunSummary execute_run(RunSettings settings, std::optional<int64_t> resume = std::nullopt);

} // namespace kshrink::run
