// The probe's shell side, one script for both places it runs: in a guest booted with a
// distro's modules (after a coldplug that loads them as a distro's initramfs does) and on a
// user's machine (`kshrink probe`). It prints one finding a line ("module ext4",
// "driver pci 0000:00:02.0 virtio-pci", ...), which `read_findings` turns into a Profile.
#pragma once

#include "profile/profile.h"

#include <string>
#include <vector>

namespace kshrink::profile {

/// Guest shell that mounts /proc, /sys and devtmpfs and loads a module for every device's
/// modalias, in passes (a bus driver such as virtio_pci must bind before its devices
/// appear); the kernel's request_module (e.g. mount -t ext4) finds busybox's modprobe.
std::string coldplug_script();

/// Shell that reports what is in use through `say KIND VALUE...` (defined by the caller).
std::string findings_script();

/// The profile those lines describe; lines of unknown kinds are ignored.
Profile read_findings(const std::vector<std::string>& lines);

} // namespace kshrink::profile
