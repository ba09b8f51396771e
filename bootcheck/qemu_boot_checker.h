// QemuBootChecker: boots kernels in qemu-system-x86_64 (KVM when a probe guest runs under
// it, else TCG: see kvm_probe.h) with the serial console captured, a virtio ext4 disk and a virtio
// NIC on user networking (restrict=on, guest network 192.0.2.0/24) when checks need them.
#pragma once

#include "bootcheck/boot_harness.h"

#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// The QEMU command line for `files` (exposed for tests).
std::vector<std::string> qemu_arguments(const BootFiles& files, int memory_mb, bool use_kvm);

/// The Kconfig symbols of the drivers for the devices this backend attaches for `checks`
/// (virtio disk and NIC on PCI): what a person who knows the machine builds in.
std::vector<std::string> qemu_device_drivers(const std::vector<Check>& checks);

/// The `qemu` backend.
class QemuBootChecker : public BootChecker {
public:
  QemuBootChecker(std::vector<Check> checks, std::filesystem::path dir, BootSettings settings = {});
  BootVerdict check(const std::filesystem::path& kernel, const std::atomic<bool>* cancel = nullptr,
                    const std::filesystem::path& modules = {}) override;

private:
  BootVerdict boot(const std::filesystem::path& kernel, const std::filesystem::path& modules,
                   bool use_kvm, const std::atomic<bool>* cancel);
  BootHarness harness_;
};

} // namespace kshrink::bootcheck
