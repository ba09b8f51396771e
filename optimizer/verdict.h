// A candidate's verdict and what each verdict means, declared once in one table (verdict.cpp):
// whether a kernel was built and booted for it, whether it is a fact about the config that is
// stored and answers the same config again, and whether it is evidence that what the candidate
// removed is needed. Strategies, the recorder, the stores and the metrics all read the table.
#pragma once

#include "util/error.h"

#include <optional>
#include <string>
#include <string_view>

namespace kshrink::optimizer {

enum class Verdict {
  pass,          ///< built, booted, passed every check
  too_big,       ///< passed, but no smaller than the best: the engine's word, never stored
  build_failed,  ///< the build failed
  boot_failed,   ///< built, but a check failed or the kernel panicked
  build_timeout, ///< the build ran past its timeout
  boot_timeout,  ///< built, but the guest ran past its timeout (a hang)
  infra_error,   ///< kshrink or the machine failed: no answer about the config
  cancelled,     ///< stopped before an answer
  unchanged,     ///< resolved to its parent: nothing to build
  pinned         ///< would turn off a kept symbol through its dependencies: not built
};

struct VerdictMeaning {
  const char* name;      ///< as stored and printed ("pass", "too_big", ...)
  bool built;            ///< a kernel was built (its build finished, ok or not)
  bool booted;           ///< the kernel built and a guest ran it
  bool stored;           ///< a fact about the config: stored, answers it in later runs
  bool failed;           ///< the candidate's own failure: its build or boot broke or hung
  bool evidence_of_need; ///< what it removed is (partly) needed: later removals avoid it
  bool rules_out;        ///< the removal cannot be taken from this best (it fails, is too big
                         ///< or is pinned): a one-at-a-time search need not try it again
};

const VerdictMeaning& meaning(Verdict verdict);

/// The verdict as stored and printed ("pass", "too_big", ...).
const char* to_string(Verdict verdict);

/// The verdict of a stored or printed name; nullopt for a name that is none.
std::optional<Verdict> verdict_named(std::string_view name);

/// A candidate got no answer (an infra_error verdict: the machine's fault or kshrink's). Its
/// search stops here rather than read that as the config's fault: nothing is recorded of it,
/// and the run pauses until the fault is fixed and it is resumed.
class CannotJudge : public util::EnvironmentError {
public:
  /// `detail`: the outcome's detail (a build log's excerpt, a boot's reason); the message
  /// keeps its first non-empty line.
  explicit CannotJudge(const std::string& detail);
  std::string detail; ///< the outcome's detail, whole
};

} // namespace kshrink::optimizer
