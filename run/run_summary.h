// A run's summary: what it ended with, and the three ways it is shown (report.txt, the JSON
// `kshrink run --json` prints, the lines about a profiled start the terminal summary shares).
#pragma once

#include "kconfig/config_diff.h"
#include "run/size_breakdown.h"
#include "storage/run_state.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kshrink::run {

/// One accepted step in a report: its mutations as describe() shows them, and the other
/// symbols whose values changed with them.
struct ReportStep {
  std::vector<std::string> symbols;
  uint64_t bytes_before = 0, bytes_after = 0;
  std::vector<std::string> dependents;
};

/// What a run ended with.
struct RunSummary {
  int64_t run = 0;
  storage::RunState state = storage::RunState::done; ///< done, or interrupted
  uint64_t start_bytes = 0, best_bytes = 0;
  std::map<std::string, size_t> builds; ///< builds the search spent, by verdict
  size_t start_builds = 0;              ///< built before the search: start or base, grow, reference
  std::map<std::string, size_t> trials; ///< every trial, by verdict (cache hits included)
  std::vector<ReportStep> steps;
  std::vector<std::string> harness_requirements;
  std::filesystem::path best_config, best_defconfig, report;
  /// From the start config to the best: the symbols it no longer names, changed, added; and
  /// the file that lists them as scripts/diffconfig does.
  kconfig::ChangeCounts changes;
  std::filesystem::path changes_diff;
  std::string changes_text; ///< that file's text
  SizeBreakdown savings;    ///< the accepted steps' savings by symbol and top-level menu
  double sanity_seconds = 0, search_seconds = 0, wall_seconds = 0;
  double first_build_seconds = 0; ///< the first kernel's build and boot (the sanity check)
  // A run from a profile (see run/profiled_start.h); empty or 0 otherwise.
  std::string profile_source, distro_kernel;
  size_t profile_modules = 0, base_symbols = 0;
  uint64_t distro_kernel_bytes = 0; ///< the distro's prebuilt bzImage
  uint64_t reference_bytes = 0;     ///< the expert-minimal reference, 0 if it did not pass
  /// The best config's symbols that the base set, with why (profile, harness, check,
  /// dependency, grow); the rest came with them through Kconfig.
  std::map<std::string, std::string> origins;
};

/// "0.97x": `bytes` as a multiple of `of`.
std::string ratio_text(uint64_t bytes, uint64_t of);

/// A run from a profile: its profile and base, and the best config against the distro's kernel
/// and the expert-minimal reference, a line each; empty for a run from its start config.
std::string profile_lines(const RunSummary& summary);

/// The summary as the JSON object `kshrink run --json` prints.
std::string summary_json(const RunSummary& summary);

/// The longest start-to-best diff report.txt shows in full (a longer one is only in its file).
inline constexpr size_t report_diff_lines = 200;

/// Writes the human report (report.txt) to `path`.
void write_report(const RunSummary& summary, const std::filesystem::path& path);

} // namespace kshrink::run
