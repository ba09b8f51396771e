// Check `boot`: userspace init ran. The init itself reports it, so the script has nothing to do.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check boot() {
  return {"boot", "the kernel boots and runs userspace init", "exit 0\n"};
}

} // namespace kshrink::bootcheck::checks
