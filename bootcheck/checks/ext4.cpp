// Check `ext4`: the virtio disk mounts as ext4 read-write; a file written, unmounted and
// mounted again reads back.
#include "bootcheck/checks/builtin_checks.h"

namespace kshrink::bootcheck::checks {

Check ext4() {
  Check check{"ext4", "an ext4 virtio disk mounts read-write, a file written reads back",
              // The block node comes from devtmpfs, or from /proc/partitions and mknod.
              "mkdir -p /dev /proc /mnt\n"
              "test -b /dev/vda || mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
              "if ! test -b /dev/vda; then\n"
              "  [ -e /proc/self ] || mount -t proc proc /proc\n"
              "  set -- $(grep ' vda$' /proc/partitions)\n"
              "  test -n \"$1\" && mknod /dev/vda b \"$1\" \"$2\"\n"
              "fi\n"
              "test -b /dev/vda || { echo 'no /dev/vda: no virtio block device'; exit 1; }\n"
              "mount -t ext4 /dev/vda /mnt || exit 1\n"
              "echo \"$KSHRINK_TOKEN\" > /mnt/kshrink-check || exit 1\n"
              "umount /mnt && mount -t ext4 /dev/vda /mnt || exit 1\n"
              "test \"$(cat /mnt/kshrink-check)\" = \"$KSHRINK_TOKEN\" || exit 1\n"
              "umount /mnt\n"};
  check.needs_disk = true;
  // mount(8) finds the node through devtmpfs first
  check.features = {"EXT4_FS", "DEVTMPFS"};
  return check;
}

} // namespace kshrink::bootcheck::checks
