// The options the checking harness itself needs from any kernel it boots. They are pinned for
// the optimizer and listed in run reports, and kept few: the initramfs is an uncompressed
// cpio (no decompressor), init is busybox's own (no script loader), /dev/console is in the
// archive (no devtmpfs).
#pragma once

#include <string>
#include <vector>

namespace kshrink::bootcheck {

/// One required option and why the harness needs it.
struct HarnessRequirement {
  std::string symbol;
  std::string reason;
};

/// Every harness requirement, in a stable order.
const std::vector<HarnessRequirement>& harness_requirements();

} // namespace kshrink::bootcheck
