// The harness requirements table.
#include "bootcheck/harness_requirements.h"

namespace kshrink::bootcheck {

const std::vector<HarnessRequirement>& harness_requirements() {
  static const std::vector<HarnessRequirement> requirements = {
      {"64BIT", "busybox-static is an x86_64 program"},
      {"BINFMT_ELF", "to run busybox"},
      {"BLK_DEV_INITRD", "the checks travel in an initramfs"},
      {"TTY", "init and the checks write their markers to /dev/console"},
      {"SERIAL_8250", "the console is QEMU's serial port"},
      {"SERIAL_8250_CONSOLE", "the console is QEMU's serial port"},
      {"PRINTK", "panics and oopses are diagnosed from kernel messages"},
  };
  return requirements;
}

} // namespace kshrink::bootcheck
