// Check `net`: eth0 comes up and a TCP round trip through QEMU user networking comes back.
// QEMU itself echoes (guestfwd to `cat`), so no host server is involved.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check net() {
  Check check{"net", "eth0 comes up and a TCP round trip through QEMU user networking returns",
              "ip link set lo up 2>/dev/null\n"
              "ip link set eth0 up || exit 1\n"
              "ip addr add 192.0.2.15/24 dev eth0 || exit 1\n"
              "reply=$(echo \"ping-$KSHRINK_TOKEN\" | nc -w 3 192.0.2.100 7777)\n"
              "test \"$reply\" = \"ping-$KSHRINK_TOKEN\"\n"};
  check.needs_nic = true;
  check.features = {"NET", "INET"}; // ip(8) speaks netlink, nc(1) TCP
  return check;
}

} // namespace kshrink::bootcheck::checks
