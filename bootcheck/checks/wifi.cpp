// Check `wifi`: the wireless stack works: mac80211_hwsim's virtual radios appear.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check wifi() {
  return {"wifi",
          "mac80211_hwsim radios appear under /sys/class/ieee80211",
          "mkdir -p /sys\n"
          "[ -e /sys/kernel ] || mount -t sysfs sysfs /sys || exit 1\n"
          "ls /sys/class/ieee80211 2>/dev/null | grep -q '^phy'\n",
          false,
          false,
          {"MAC80211_HWSIM"}};
}

} // namespace kshrink::bootcheck::checks
