// Names of verdicts.
#include "optimizer/search_space.h"

namespace kshrink::optimizer {

const char* to_string(Verdict verdict) {
  switch (verdict) {
  case Verdict::pass:
    return "pass";
  case Verdict::too_big:
    return "too_big";
  case Verdict::build_failed:
    return "build_failed";
  case Verdict::boot_failed:
    return "boot_failed";
  case Verdict::timeout:
    return "timeout";
  case Verdict::infra_error:
    return "infra_error";
  case Verdict::cancelled:
    return "cancelled";
  case Verdict::unchanged:
    return "unchanged";
  case Verdict::pinned:
    return "pinned";
  }
  return "unknown";
}

} // namespace kshrink::optimizer
