// Check `devtmpfs`: the kernel populates /dev by itself.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check devtmpfs() {
  return {"devtmpfs",
          "devtmpfs mounts and provides /dev/null",
          "mkdir -p /devtmpfs-check\n"
          "mount -t devtmpfs devtmpfs /devtmpfs-check || exit 1\n"
          "test -c /devtmpfs-check/null\n",
          false,
          false,
          {"DEVTMPFS"}};
}

} // namespace kshrink::bootcheck::checks
