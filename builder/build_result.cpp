// Names of build statuses, as stored and printed.
#include "builder/build_result.h"

namespace kshrink::builder {

const char* to_string(BuildStatus status) {
  switch (status) {
  case BuildStatus::ok:
    return "ok";
  case BuildStatus::build_failed:
    return "build_failed";
  case BuildStatus::timeout:
    return "timeout";
  case BuildStatus::cancelled:
    return "cancelled";
  case BuildStatus::infra_error:
    return "infra_error";
  }
  return "unknown";
}

} // namespace kshrink::builder
