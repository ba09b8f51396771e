// QEMU backend: builds the command line; the harness runs and watches it.
#include "bootcheck/qemu_boot_checker.h"

#include "bootcheck/kvm_probe.h"

namespace kshrink::bootcheck {

std::vector<std::string> qemu_arguments(const BootFiles& files, int memory_mb, bool use_kvm) {
  std::vector<std::string> args = {"-nodefaults", "-no-user-config",
                                   "-nographic",
                                   "-no-reboot", // panic=-1 reboots: QEMU exits at once
                                   "-machine",    "pc",
                                   "-accel",      use_kvm ? "kvm" : "tcg",
                                   "-m",          std::to_string(memory_mb) + "M",
                                   "-serial",     "file:" + files.console.string(),
                                   "-kernel",     files.kernel.string(),
                                   "-initrd",     files.initrd.string(),
                                   "-append",     files.append};
  if (use_kvm) args.insert(args.end(), {"-cpu", "host"});
  if (!files.disk.empty())
    args.insert(args.end(),
                {"-drive", "file=" + files.disk.string() + ",format=raw,if=virtio,snapshot=on"});
  if (files.needs_nic)
    // QEMU's own guestfwd echoes (cmd:cat): the round trip needs no host server and only the
    // documentation range is used inside the guest.
    args.insert(args.end(), {"-netdev",
                             "user,id=n0,restrict=on,net=192.0.2.0/24,host=192.0.2.2,"
                             "guestfwd=tcp:192.0.2.100:7777-cmd:cat",
                             "-device", "virtio-net-pci,netdev=n0"});
  else
    args.insert(args.end(), {"-nic", "none"});
  return args;
}

QemuBootChecker::QemuBootChecker(std::vector<Check> checks, std::filesystem::path dir,
                                 BootSettings settings)
    : harness_(std::move(checks), std::move(dir), settings), use_kvm_(kvm_probe().usable) {}

BootVerdict QemuBootChecker::check(const std::filesystem::path& kernel,
                                   const std::atomic<bool>* cancel) {
  return harness_.boot(
      kernel,
      [this](const BootFiles& files) {
        return util::Command{.program = "qemu-system-x86_64",
                             .args = qemu_arguments(files, harness_.settings().memory_mb, use_kvm_),
                             .output = files.dir / "qemu.log"};
      },
      SilentFailure::kernel, cancel);
}

} // namespace kshrink::bootcheck
