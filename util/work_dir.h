// WorkDir: the work directory's layout, every path kshrink keeps under it, declared once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace kshrink::util {

/// A work directory: trees, kconfig tools, build directories, caches and (by default) the
/// database of runs. Several kshrink processes may share one; each part below says who owns it.
class WorkDir {
public:
  /// Any directory can be a work directory; nothing is made until a part is used.
  WorkDir(std::filesystem::path root) : root_(std::move(root)) {}

  /// The directory --workdir names, else $KSHRINK_WORKDIR, else $XDG_CACHE_HOME/kshrink, else
  /// ~/.cache/kshrink.
  static WorkDir resolve(const std::string& option);

  const std::filesystem::path& root() const { return root_; }
  /// The database of runs and verdicts, unless --db names another.
  std::filesystem::path database() const { return root_ / "kshrink.db"; }
  /// Unpacked kernel trees, one per tarball (trees/<sha256 prefix>).
  std::filesystem::path trees() const { return root_ / "trees"; }
  /// A tree's kconfig tools and symbol dumper, built once.
  std::filesystem::path kconfig_tools(const std::string& tree_key) const {
    return root_ / "kconfig" / tree_key;
  }
  /// A tree's incremental build directories (w0, w1, ...) and their claim locks.
  std::filesystem::path builders(const std::string& tree_key) const {
    return root_ / "builders" / tree_key;
  }
  std::filesystem::path builder(const std::string& tree_key, int index) const {
    return builders(tree_key) / ("w" + std::to_string(index));
  }
  /// Build outputs kept per candidate (kernel images, logs) for a tree.
  std::filesystem::path artifacts(const std::string& tree_key) const {
    return root_ / "artifacts" / tree_key;
  }
  std::filesystem::path ccache() const { return root_ / "ccache"; }
  std::filesystem::path distcc() const { return root_ / "distcc"; }
  /// Debian's prebuilt kernels, fetched and unpacked once (prebuilt/<package>).
  std::filesystem::path prebuilt() const { return root_ / "prebuilt"; }
  /// Short-lived directories of one step, removed when it ends.
  std::filesystem::path scratch() const { return root_ / "scratch"; }
  /// Guest disks and initramfs images of `kshrink boot`.
  std::filesystem::path boots() const { return root_ / "boot"; }

  /// A run's outputs (best.config, report, log) live beside the database that names the run.
  static std::filesystem::path run_dir(const std::filesystem::path& database, int64_t run) {
    return runs_dir(database) / std::to_string(run);
  }
  static std::filesystem::path runs_dir(const std::filesystem::path& database) {
    return database.parent_path() / "runs";
  }

private:
  std::filesystem::path root_;
};

} // namespace kshrink::util
