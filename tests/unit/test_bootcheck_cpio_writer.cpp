// Unit tests for bootcheck/cpio_writer: the archive is one that cpio(1) itself lists.
#include "bootcheck/cpio_writer.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

using namespace kshrink;

TEST_CASE("a newc archive with files, a symlink and a device node lists with cpio -t") {
  bootcheck::CpioWriter writer;
  writer.directory("bin");
  writer.file("bin/hello", "hello world\n", 0755);
  writer.symlink("init", "bin/hello");
  writer.char_device("console", 5, 1);
  std::string archive = writer.finish();
  CHECK(archive.size() % 4 == 0);
  CHECK(archive.starts_with("070701"));

  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "a.cpio", archive);
  auto listed = util::run_command({.program = "sh",
                                   .args = {"-c", "cpio -itv < a.cpio"},
                                   .cwd = dir.path(),
                                   .output = dir.path() / "list"});
  REQUIRE(listed.ok());
  std::string list = util::read_file(dir.path() / "list");
  CHECK(list.find("drwxr-xr-x") != std::string::npos);
  CHECK(list.find("-rwxr-xr-x") != std::string::npos);
  CHECK(list.find("bin/hello") != std::string::npos);
  CHECK(list.find("init -> bin/hello") != std::string::npos);
  CHECK(list.find("crw-------") != std::string::npos);
  CHECK(list.find("5,   1") != std::string::npos);
}
