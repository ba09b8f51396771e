// newc cpio: "070701", thirteen 8-digit hex fields, the name, data; each padded to 4 bytes.
#include "bootcheck/cpio_writer.h"

#include <sys/stat.h>

#include <cstdio>

namespace kshrink::bootcheck {
namespace {

void pad4(std::string& out) {
  while (out.size() % 4)
    out += '\0';
}

} // namespace

void CpioWriter::entry(std::string_view path, uint32_t mode, std::string_view data,
                       uint32_t rdev_major, uint32_t rdev_minor) {
  char header[111];
  uint32_t nlink = S_ISDIR(mode) ? 2 : 1;
  std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                path == "TRAILER!!!" ? 0 : next_inode_++, mode, 0u, 0u, nlink, 0u,
                uint32_t(data.size()), 0u, 0u, rdev_major, rdev_minor, uint32_t(path.size() + 1),
                0u);
  out_.append(header, 110);
  out_.append(path);
  out_ += '\0';
  pad4(out_);
  out_.append(data);
  pad4(out_);
}

void CpioWriter::directory(std::string_view path, uint32_t mode) {
  entry(path, S_IFDIR | mode, {});
}

void CpioWriter::file(std::string_view path, std::string_view content, uint32_t mode) {
  entry(path, S_IFREG | mode, content);
}

void CpioWriter::symlink(std::string_view path, std::string_view target) {
  entry(path, S_IFLNK | 0777, target);
}

void CpioWriter::char_device(std::string_view path, uint32_t major, uint32_t minor, uint32_t mode) {
  entry(path, S_IFCHR | mode, {}, major, minor);
}

std::string CpioWriter::finish() {
  entry("TRAILER!!!", 0, {});
  return std::move(out_);
}

} // namespace kshrink::bootcheck
