// CpioWriter: writes "newc" cpio archives, the format the kernel unpacks as an initramfs.
// Device nodes are just headers here, so building an initramfs needs no root.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kshrink::bootcheck {

/// Accumulates an uncompressed newc archive in memory.
class CpioWriter {
public:
  /// A directory `path` (no leading slash) with `mode` permissions.
  void directory(std::string_view path, uint32_t mode = 0755);
  /// A regular file with `content`.
  void file(std::string_view path, std::string_view content, uint32_t mode = 0644);
  /// A symbolic link `path` -> `target`.
  void symlink(std::string_view path, std::string_view target);
  /// A character device node.
  void char_device(std::string_view path, uint32_t major, uint32_t minor, uint32_t mode = 0600);
  /// Ends the archive (TRAILER!!!) and returns its bytes.
  std::string finish();

private:
  void entry(std::string_view path, uint32_t mode, std::string_view data, uint32_t rdev_major = 0,
             uint32_t rdev_minor = 0);
  std::string out_;
  uint32_t next_inode_ = 1;
};

} // namespace kshrink::bootcheck
