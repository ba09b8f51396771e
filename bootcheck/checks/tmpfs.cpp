// Check `tmpfs`: a tmpfs mounts, and a file written there reads back.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check tmpfs() {
  return {"tmpfs",
          "a tmpfs mounts and keeps a file",
          "mkdir -p /tmpfs-check\n"
          "mount -t tmpfs tmpfs /tmpfs-check || exit 1\n"
          "echo \"$KSHRINK_TOKEN\" > /tmpfs-check/f || exit 1\n"
          "test \"$(cat /tmpfs-check/f)\" = \"$KSHRINK_TOKEN\"\n",
          false,
          false,
          {"TMPFS"}};
}

} // namespace kshrink::bootcheck::checks
