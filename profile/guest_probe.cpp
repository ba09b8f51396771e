// Probe scripts (POSIX sh plus busybox applets) and the parser of their findings.
#include "profile/guest_probe.h"

#include <algorithm>
#include <sstream>

namespace kshrink::profile {

std::string coldplug_script() {
  return "mount -t proc proc /proc 2>/dev/null\n"
         "mount -t sysfs sysfs /sys 2>/dev/null\n"
         "mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
         "mkdir -p /sbin && ln -sf /bin/busybox /sbin/modprobe\n"
         "for pass in 1 2 3; do\n"
         "  for alias in /sys/bus/*/devices/*/modalias; do\n"
         "    [ -r \"$alias\" ] && modprobe -q \"$(cat \"$alias\")\" 2>/dev/null\n"
         "  done\n"
         "done\n";
}

std::string findings_script() {
  return "if [ -r /proc/modules ]; then\n"
         "  while read name rest; do say module \"$name\"; done < /proc/modules\n"
         "else\n"
         "  say unseen 'loaded modules: no /proc/modules'\n"
         "fi\n"
         "if [ -d /sys/bus ]; then\n"
         "  for dev in /sys/bus/*/devices/*; do\n"
         "    [ -L \"$dev/driver\" ] || continue\n"
         "    bus=${dev#/sys/bus/}; bus=${bus%%/*}\n"
         "    say driver \"$bus\" \"${dev##*/}\" \"$(basename \"$(readlink \"$dev/driver\")\")\"\n"
         "  done\n"
         "else\n"
         "  say unseen 'bound drivers: no /sys/bus'\n"
         "fi\n"
         "[ -d /sys/bus/pci/devices ] && [ -n \"$(ls /sys/bus/pci/devices)\" ] ||"
         " say unseen 'PCI devices: none here'\n"
         "[ -d /sys/bus/usb/devices ] && [ -n \"$(ls /sys/bus/usb/devices)\" ] ||"
         " say unseen 'USB devices: none here'\n"
         "if [ -r /proc/mounts ]; then\n"
         "  while read source dir type rest; do say mounted \"$type\"; done < /proc/mounts\n"
         "fi\n"
         "if [ -r /proc/filesystems ]; then\n"
         "  while read first second; do say filesystem \"${second:-$first}\"; done"
         " < /proc/filesystems\n"
         "fi\n"
         "say release \"$(uname -r)\"\n";
}

Profile read_findings(const std::vector<std::string>& lines) {
  Profile profile;
  auto add_once = [](std::vector<std::string>& list, const std::string& value) {
    if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
      list.push_back(value);
  };
  for (const auto& line : lines) {
    std::istringstream in(line);
    std::string kind, a, b, c;
    in >> kind >> a;
    if (kind == "module" && !a.empty()) {
      profile.modules.push_back({a, ""});
    } else if (kind == "driver" && (in >> b >> c)) {
      profile.drivers.push_back({a, b, c});
    } else if (kind == "mounted") {
      add_once(profile.mounted, a);
    } else if (kind == "filesystem") {
      add_once(profile.filesystems, a);
    } else if (kind == "release") {
      profile.release = a;
    } else if (kind == "unseen") {
      profile.unseen.push_back(line.substr(std::min(line.size(), size_t(7))));
    }
  }
  return profile;
}

} // namespace kshrink::profile
