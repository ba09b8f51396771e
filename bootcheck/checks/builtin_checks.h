// The built-in checks, one factory per file in this folder.
#pragma once

#include "bootcheck/check.h"

namespace kshrink::bootcheck::checks {

Check boot();
Check proc();
Check sysfs();
Check devtmpfs();
Check tmpfs();
Check ext4();
Check net();
Check wifi();
/// A user's script, copied into the initramfs; its exit status is the verdict.
Check user_script(const std::filesystem::path& path);

} // namespace kshrink::bootcheck::checks
