// KernelBuilder: one worker with its own persistent build directory (O=), so each build is
// incremental from whatever this worker built last.
#pragma once

#include "builder/build_settings.h"
#include "builder/builder.h"
#include "tree/kernel_tree.h"
#include "util/subprocess.h"
#include "util/work_dir.h"

#include <filesystem>

namespace kshrink::builder {

/// Builds kernels of one tree in one build directory.
class KernelBuilder : public Worker {
public:
  /// A worker numbered `index`, building in its build directory under `workdir`, running make
  /// and size with `runner`; a build directory left by an earlier process is taken to hold its
  /// .config's build.
  KernelBuilder(tree::KernelTree tree, util::WorkDir workdir, BuildSettings settings, int index,
                util::CommandRunner& runner = util::system_runner());

  BuildResult build(const kconfig::ConfigFile& config,
                    const std::atomic<bool>* cancel = nullptr) override;

  /// w<index> under the tree's builders.
  int index() const override { return index_; }
  const std::filesystem::path& build_dir() const override { return build_dir_; }
  const kconfig::ConfigFile& last_config() const override { return last_config_; }
  void restore(const std::filesystem::path& parked, const kconfig::ConfigFile& config) override;

private:
  BuildResult run_make(bool modules, const std::atomic<bool>* cancel);
  /// Why the compiler, as the build runs it (through ccache), does not run: empty if it does.
  std::string compiler_fault();
  /// modules_install into the worker's staging directory; measures what it installed.
  void install_modules(BuildResult& result, const std::atomic<bool>* cancel);

  tree::KernelTree tree_;
  util::WorkDir workdir_;
  util::CommandRunner& runner_;
  BuildSettings settings_;
  int index_;
  std::filesystem::path build_dir_;
  kconfig::ConfigFile last_config_;
};

} // namespace kshrink::builder
