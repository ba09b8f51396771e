// KvmProbe: decides once per process whether QEMU can run guests under KVM here. /dev/kvm
// opening is not enough: a host whose KVM runs only guests made for it (a PVM host, a nested
// setup that rejects the host CPU model) aborts or hangs QEMU. The probe boots a 512-byte
// boot sector that writes a marker to the serial port; KVM is used only when the marker comes
// back, and TCG otherwise.
#pragma once

#include <string>

namespace kshrink::bootcheck {

/// What the probe found: whether to use KVM, and why (for the log and `kshrink boot --json`).
struct KvmProbe {
  bool usable = false;
  std::string reason;
};

/// The probe's result, run on first use and remembered for the process. Honours
/// `KSHRINK_ACCEL=tcg` (never KVM) and `KSHRINK_ACCEL=kvm` (KVM without probing).
const KvmProbe& kvm_probe();

/// True while boots may use KVM: the probe found it usable and no kernel has shown since
/// that it cannot run there (see distrust_kvm).
bool kvm_usable();

/// From now on boots use TCG: a kernel printed nothing under KVM (a host whose KVM runs a
/// boot sector in long mode but not Linux, as a PVM host does). Noted once.
void distrust_kvm(const std::string& why);

/// Boots the probe's boot sector under `accel` ("kvm" or "tcg"): true if its marker came
/// back within 10 s; otherwise `why` holds QEMU's last word.
bool probe_guest_runs(const std::string& accel, std::string& why);

/// The boot sector the probe runs: prints `marker` on COM1 and halts (exposed for tests).
std::string probe_boot_sector(const std::string& marker);

} // namespace kshrink::bootcheck
