// Unit tests of the rebuild fan-out on a hand-made build directory: fixdep's stamps counted once
// per object, host tools left out, Makefile symbols rebuilding everything.
#include "builder/rebuild_fanout.h"
#include "tests/test_support.h"
#include "util/files.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  util::write_file_atomic(path, text);
}

} // namespace

TEST_CASE("each symbol's share of the objects that fixdep says depend on it") {
  auto dir = test::temp_dir();
  fs::path build = dir.path() / "build", source = dir.path() / "source";
  write(build / "fs/ext4/.super.o.cmd", "deps_fs/ext4/super.o := \\\n"
                                        "  include/config/EXT4_FS \\\n"
                                        "  include/config/EXT4_FS \\\n"
                                        "  include/config/JBD2 \\\n");
  write(build / "fs/ext4/.inode.o.cmd", "  include/config/EXT4_FS \\\n");
  write(build / "kernel/.fork.o.cmd", "deps_kernel/fork.o := \\\n  include/linux/sched.h\n");
  write(build / "scripts/kconfig/.conf.o.cmd", "  include/config/EXT4_FS \\\n"); // a host tool
  write(build / ".vmlinux.cmd", "  include/config/JBD2 \\\n");                   // not an object
  write(source / "Makefile", "ifdef CONFIG_CC_OPTIMIZE_FOR_SIZE\nKBUILD_CFLAGS += -Os\nendif\n");
  write(source / "arch/x86/Makefile", "ifeq ($(CONFIG_X86_32),y)\n");

  auto fanout = builder::RebuildFanout::read(build, source);
  CHECK(fanout.objects() == 3);
  CHECK(fanout.share("EXT4_FS") == doctest::Approx(2.0 / 3));
  CHECK(fanout.share("JBD2") == doctest::Approx(1.0 / 3));
  CHECK(fanout.share("CC_OPTIMIZE_FOR_SIZE") == 1.0);
  CHECK(fanout.share("X86_32") == 1.0);
  CHECK(fanout.share("NET") == 0.0);
  CHECK(fanout.symbols() ==
        std::set<std::string>{"CC_OPTIMIZE_FOR_SIZE", "EXT4_FS", "JBD2", "X86_32"});
}

TEST_CASE("an empty or missing build directory rebuilds nothing but the Makefiles' symbols") {
  auto dir = test::temp_dir();
  auto fanout = builder::RebuildFanout::read(dir.path() / "none", dir.path() / "no-source");
  CHECK(fanout.objects() == 0);
  CHECK(fanout.share("EXT4_FS") == 0.0);
  CHECK(fanout.symbols().empty());
}
