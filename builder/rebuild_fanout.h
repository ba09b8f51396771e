// Rebuild fan-out: how much of a kernel kbuild recompiles when a CONFIG_ symbol changes. fixdep
// records in each object's .cmd file the include/config/SYMBOL stamps its preprocessed source
// depends on; a symbol the top-level or arch Makefile tests (compiler flags) rebuilds it all.
// The optimizer keeps symbols that rebuild much apart from cheap ones, so a candidate that
// only touches drivers is never priced like a change to struct task_struct.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace kshrink::builder {

/// Objects per symbol, read from one build directory.
class RebuildFanout {
public:
  /// Reads the .o.cmd files of `build_dir` (host tools under scripts/ and tools/ left out) and
  /// the CONFIG_ names of `source`'s Makefile and arch/x86/Makefile.
  static RebuildFanout read(const std::filesystem::path& build_dir,
                            const std::filesystem::path& source);

  /// Share of the compiled objects a change of `symbol` recompiles: 0..1, 1 for Makefile flags.
  double share(const std::string& symbol) const;
  /// Symbols whose share is above 0.
  std::set<std::string> symbols() const;
  /// Compiled objects read.
  size_t objects() const { return objects_; }

private:
  size_t objects_ = 0;
  std::map<std::string, size_t> by_symbol_;
  std::set<std::string> in_makefiles_;
};

} // namespace kshrink::builder
