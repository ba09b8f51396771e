// Check `proc`: /proc can be mounted and describes the running process.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check proc() {
  return {"proc",
          "procfs mounts and shows /proc/self/stat",
          "mkdir -p /proc\n"
          "[ -e /proc/self ] || mount -t proc proc /proc || exit 1\n"
          "test -r /proc/self/stat\n",
          false,
          false,
          {"PROC_FS"}};
}

} // namespace kshrink::bootcheck::checks
