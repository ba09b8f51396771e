// Check `sysfs`: /sys can be mounted and shows the kernel's objects.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check sysfs() {
  return {"sysfs",
          "sysfs mounts and shows /sys/kernel",
          "mkdir -p /sys\n"
          "[ -e /sys/kernel ] || mount -t sysfs sysfs /sys || exit 1\n"
          "test -d /sys/kernel\n",
          false,
          false,
          {"SYSFS"}};
}

} // namespace kshrink::bootcheck::checks
