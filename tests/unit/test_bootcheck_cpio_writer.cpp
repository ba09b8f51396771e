// Unit tests for bootcheck/cpio_writer: the archive is one that cpio(1) itself lists; and the
// per-boot archive made with it.
#include "bootcheck/cpio_writer.h"
#include "bootcheck/initramfs.h"
#include "tests/test_support.h"
#include "util/error.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// What `cpio -itv` lists of `archive`.
std::string cpio_listing(const std::string& archive) {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "a.cpio", archive);
  auto listed = util::system_runner().run({.program = "sh",
                                           .args = {"-c", "cpio -itv < a.cpio"},
                                           .cwd = dir.path(),
                                           .output = dir.path() / "list"});
  REQUIRE(listed.ok());
  return util::read_file(dir.path() / "list");
}

} // namespace

TEST_CASE("a newc archive with files, a symlink and a device node lists with cpio -t") {
  bootcheck::CpioWriter writer;
  writer.directory("bin");
  writer.file("bin/hello", "hello world\n", 0755);
  writer.symlink("init", "bin/hello");
  writer.char_device("console", 5, 1);
  std::string archive = writer.finish();
  CHECK(archive.size() % 4 == 0);
  CHECK(archive.starts_with("070701"));
  std::string list = cpio_listing(archive);
  CHECK(list.find("drwxr-xr-x") != std::string::npos);
  CHECK(list.find("-rwxr-xr-x") != std::string::npos);
  CHECK(list.find("bin/hello") != std::string::npos);
  CHECK(list.find("init -> bin/hello") != std::string::npos);
  CHECK(list.find("crw-------") != std::string::npos);
  CHECK(list.find("5,   1") != std::string::npos);
}

TEST_CASE("a boot's archive carries a candidate's modules tree at the same paths") {
  auto dir = test::temp_dir();
  fs::path tree = dir.path() / "staging";
  fs::create_directories(tree / "lib/modules/6.1.0/kernel/fs/ext4");
  util::write_file_atomic(tree / "lib/modules/6.1.0/kernel/fs/ext4/ext4.ko", "ELF");
  util::write_file_atomic(tree / "lib/modules/6.1.0/modules.dep", "kernel/fs/ext4/ext4.ko:\n");
  std::string list = cpio_listing(bootcheck::boot_archive("nonce", "token", tree));
  CHECK(list.find("etc/kshrink/nonce") != std::string::npos);
  CHECK(list.find("lib/modules/6.1.0/kernel/fs/ext4/ext4.ko") != std::string::npos);
  CHECK(list.find("lib/modules/6.1.0/modules.dep") != std::string::npos);
  CHECK_THROWS_WITH_AS(bootcheck::boot_archive("n", "t", dir.path() / "missing"),
                       doctest::Contains("cannot read"), util::Error);
}
