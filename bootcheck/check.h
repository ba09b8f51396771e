// Check: one function a candidate kernel must keep, as a shell script run inside the guest
// (exit 0 passes) plus the QEMU devices it needs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// One check. Its script runs as `/bin/sh /checks/<file>` in the guest, without the nonce.
struct Check {
  std::string name;        ///< as given in --checks: "ext4", "script:/path/x.sh"
  std::string description; ///< one line for --help and errors
  std::string script;      ///< guest shell script; $KSHRINK_TOKEN holds a per-boot token
  bool needs_disk = false; ///< a virtio ext4 disk is attached as /dev/vda
  bool needs_nic = false;  ///< a virtio NIC on QEMU user networking (restrict=on)
  /// Kconfig symbols the script's function uses by construction, whatever the hardware
  /// (ext4: EXT4_FS; net: NET, INET): what a base config starts with for this check.
  std::vector<std::string> features;
  bool users_own = false; ///< a user's script: what it needs is known only by trying
};

} // namespace kshrink::bootcheck
