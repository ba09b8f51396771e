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

std::vector<std::string> qemu_device_drivers(const std::vector<Check>& checks) {
  bool disk = false, nic = false;
  for (const auto& check : checks) {
    disk |= check.needs_disk;
    nic |= check.needs_nic;
  }
  std::vector<std::string> drivers;
  if (disk || nic) drivers.push_back("VIRTIO_PCI"); // -drive if=virtio, -device virtio-net-pci
  if (disk) drivers.push_back("VIRTIO_BLK");
  if (nic) drivers.push_back("VIRTIO_NET");
  return drivers;
}

/// A kernel that works prints its banner in well under this under KVM.
constexpr std::chrono::seconds kvm_banner_limit{20};

QemuBootChecker::QemuBootChecker(std::vector<Check> checks, std::filesystem::path dir,
                                 BootSettings settings)
    : harness_(std::move(checks), std::move(dir), settings) {}

BootVerdict QemuBootChecker::boot(const std::filesystem::path& kernel,
                                  const std::filesystem::path& modules, bool use_kvm,
                                  const std::atomic<bool>* cancel) {
  return harness_.boot(
      kernel, modules,
      [this, use_kvm](const BootFiles& files) {
        return util::Command{.program = "qemu-system-x86_64",
                             .args = qemu_arguments(files, harness_.settings().memory_mb, use_kvm),
                             .output = files.dir / "qemu.log"};
      },
      SilentFailure::kernel, cancel, use_kvm ? std::optional(kvm_banner_limit) : std::nullopt);
}

BootVerdict QemuBootChecker::check(const std::filesystem::path& kernel,
                                   const std::atomic<bool>* cancel,
                                   const std::filesystem::path& modules) {
  bool use_kvm = kvm_usable();
  BootVerdict verdict = boot(kernel, modules, use_kvm, cancel);
  // A kernel silent under KVM may be KVM's fault, not the kernel's: TCG decides.
  if (use_kvm && !verdict.kernel_spoke && verdict.status != BootStatus::pass &&
      verdict.status != BootStatus::cancelled) {
    verdict = boot(kernel, modules, false, cancel);
    if (verdict.kernel_spoke)
      distrust_kvm("a kernel silent under KVM printed its banner under TCG");
  }
  return verdict;
}

} // namespace kshrink::bootcheck
