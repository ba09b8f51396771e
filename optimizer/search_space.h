// The optimizer's view of a kernel: configs it can resolve, the symbols of a config, and an
// oracle that judges a resolved config. Narrow interfaces: the real ones (the tree's Kconfig,
// the build pool and boot checker, the verdict store) live elsewhere; tests use a synthetic
// kernel. The optimizer itself never spawns a process or opens a database.
#pragma once

#include "kconfig/config_file.h"
#include "kconfig/resolved_config.h"
#include "kconfig/symbol_table.h"
#include "optimizer/verdict.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace kshrink::optimizer {

/// Resolves configs as the tree's Kconfig does (olddefconfig).
class ConfigResolver {
public:
  virtual ~ConfigResolver() = default;
  /// The resolved form of `config`; throws util::Error if the tree cannot resolve it.
  virtual kconfig::ResolvedConfig resolve(const kconfig::ConfigFile& config) = 0;
};

/// The symbol table of a resolved config.
class SymbolSource {
public:
  virtual ~SymbolSource() = default;
  virtual kconfig::SymbolTable symbols(const kconfig::ConfigFile& config) = 0;
};

/// What judging one resolved config found.
struct Outcome {
  Verdict verdict = Verdict::infra_error;
  uint64_t bytes = 0;    ///< the objective's measure, when it built
  uint64_t tiebreak = 0; ///< a finer measure (vmlinux bytes) for equal objectives: bzImage
                         ///< grows in 512-byte steps, and small removals still count
  bool computed = false; ///< a build/boot was spent on it (not answered from a cache)
  std::string detail;    ///< failing check, error excerpt...
  // Evidence of a computed verdict, for the record (the search itself ignores it):
  double build_seconds = 0, boot_seconds = 0;
  std::string config_path, log_path; ///< the judged config and its build log, on disk
};

/// Throws CannotJudge if `outcome` is no answer (infra_error): the one way an infra_error ends
/// a judgement outside the engine's windows (a start, a base, a reference).
inline void require_answer(const Outcome& outcome) {
  if (outcome.verdict == Verdict::infra_error) throw CannotJudge(outcome.detail);
}

/// Judges resolved configs: builds, boots and checks them (or answers from stored verdicts).
/// Thread-safe: the engine calls it from W threads. Returns `pass` for a config that passed
/// every check, whatever its size: the engine decides too_big against its best.
class Oracle {
public:
  virtual ~Oracle() = default;
  virtual Outcome judge(const kconfig::ResolvedConfig& config, const std::atomic<bool>* cancel) = 0;
};

} // namespace kshrink::optimizer
