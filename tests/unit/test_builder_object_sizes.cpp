// Unit tests of the object-size estimates: kbuild lines to objects, ELF section sizes, thin
// archive members, and a symbol's estimate from a small fake build directory.
#include "builder/object_sizes.h"
#include "tests/test_support.h"
#include "util/files.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;
using builder::ObjectMap;

TEST_CASE("kbuild lines map symbols to objects and directories, continuations included") {
  auto tree = test::temp_dir();
  fs::create_directories(tree.path() / "fs/ext4");
  util::write_file_atomic(tree.path() / "fs/Makefile",
                          "obj-$(CONFIG_EXT4_FS)\t\t+= ext4/\n"
                          "obj-$(CONFIG_BINFMT_MISC) += binfmt_misc.o # comment.o\n"
                          "obj-$(CONFIG_EPOLL) += eventpoll.o \\\n\tepoll_extra.o\n"
                          "ifeq ($(CONFIG_X),y)\nobj-$(CONFIG_Y) += $(foo)\nendif\n");
  util::write_file_atomic(tree.path() / "fs/ext4/Makefile",
                          "ext4-$(CONFIG_EXT4_FS_POSIX_ACL) := acl.o\n");
  fs::create_directories(tree.path() / ".git");
  util::write_file_atomic(tree.path() / ".git/Makefile", "obj-$(CONFIG_GIT) += no.o\n");
  ObjectMap map = builder::read_object_map(tree.path());
  CHECK(map["EXT4_FS"] == std::vector<std::string>{"fs/ext4/"});
  CHECK(map["BINFMT_MISC"] == std::vector<std::string>{"fs/binfmt_misc.o"});
  CHECK(map["EPOLL"] == std::vector<std::string>{"fs/eventpoll.o", "fs/epoll_extra.o"});
  CHECK(map["EXT4_FS_POSIX_ACL"] == std::vector<std::string>{"fs/ext4/acl.o"});
  CHECK_FALSE(map.contains("Y"));
  CHECK_FALSE(map.contains("GIT"));
}

TEST_CASE("ELF objects and thin archives are measured, anything else counts nothing") {
  auto dir = test::temp_dir();
  fs::path source = dir.path() / "a.c", object = dir.path() / "sub/a.o";
  fs::create_directories(object.parent_path());
  util::write_file_atomic(source, "int table[1000] = {1};\nint f(int x) { return x * 3; }\n");
  auto compiled = util::system_runner().run({.program = "gcc",
                                             .args = {"-c", source.string(), "-o", object.string()},
                                             .output = dir.path() / "log",
                                             .error_output = dir.path() / "log"});
  REQUIRE(compiled.ok());
  CHECK(builder::object_bytes(object) >= 4000);
  CHECK(builder::object_bytes(source) == 0);
  CHECK(builder::object_bytes(dir.path() / "missing.o") == 0);

  auto archived = util::system_runner().run({.program = "ar",
                                             .args = {"cDPrST", "built-in.a", "sub/a.o"},
                                             .cwd = dir.path(),
                                             .output = dir.path() / "log",
                                             .error_output = dir.path() / "log"});
  REQUIRE(archived.ok());
  auto members = builder::thin_archive_members(dir.path() / "built-in.a");
  REQUIRE(members.size() == 1);
  CHECK(members[0].ends_with("sub/a.o"));

  builder::ObjectSizeEstimator estimate({{"A", {"sub/a.o"}}, {"DIR", {"./"}}}, dir.path());
  CHECK(estimate.bytes("A") == builder::object_bytes(object));
  CHECK(estimate.bytes("DIR") == builder::object_bytes(object));
  CHECK(estimate.bytes("UNKNOWN") == 0);
}
