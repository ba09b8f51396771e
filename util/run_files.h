// RunFiles: the files of one run's directory (runs/<id> beside its database), declared once.
#pragma once

#include <filesystem>

namespace kshrink::util {

/// What a run writes in its directory. The CLI, the daemon and the API all name them here.
class RunFiles {
public:
  explicit RunFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }

  /// The start config as the tree resolved it, saved when the run begins (diffs start here).
  std::filesystem::path start_config() const { return dir_ / "start.config"; }
  /// The best config, its savedefconfig form and the reports, written when the run ends.
  std::filesystem::path best_config() const { return dir_ / "best.config"; }
  std::filesystem::path best_defconfig() const { return dir_ / "best.defconfig"; }
  std::filesystem::path report() const { return dir_ / "report.txt"; }
  std::filesystem::path report_json() const { return dir_ / "report.json"; }
  /// The start-to-best changes as the tree's scripts/diffconfig prints them.
  std::filesystem::path changes() const { return dir_ / "start-to-best.diff"; }
  /// A daemon run's output: the progress and notes a foreground run prints on its terminal,
  /// and the JSON summary it prints at the end.
  std::filesystem::path log() const { return dir_ / "run.log"; }
  std::filesystem::path summary() const { return dir_ / "summary.json"; }
  /// What a running run is doing now (run/live_state.h).
  std::filesystem::path live() const { return dir_ / "live.json"; }
  /// A profiled start: the profile, the base and its origins, the expert-minimal reference.
  std::filesystem::path profile() const { return dir_ / "profile.json"; }
  std::filesystem::path base_config() const { return dir_ / "base.config"; }
  std::filesystem::path base_origins() const { return dir_ / "base.origins"; }
  std::filesystem::path reference_config() const { return dir_ / "reference.config"; }
  /// Per-symbol size estimates, read once from the start's build.
  std::filesystem::path estimates() const { return dir_ / "estimates.json"; }
  /// Guest disks and consoles of the run's boots, and of the distro kernel's profile boot.
  std::filesystem::path boots() const { return dir_ / "boot"; }
  std::filesystem::path profile_boots() const { return dir_ / "profile-boot"; }

private:
  std::filesystem::path dir_;
};

} // namespace kshrink::util
