// Unit tests for tree/kernel_tree: validation of directories and tarballs, atomic unpacking.
// A few-file stand-in tree exercises the logic; the real tree is in the integration tier.
#include "tests/test_support.h"
#include "tree/kernel_tree.h"
#include "util/error.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// Writes the files kshrink looks for in a kernel tree under `dir`.
void make_tree_skeleton(const fs::path& dir) {
  fs::create_directories(dir / "scripts/kconfig");
  fs::create_directories(dir / "arch/x86");
  util::write_file_atomic(dir / "Makefile",
                          "# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\n");
  util::write_file_atomic(dir / "Kconfig", "mainmenu \"x\"\n");
  util::write_file_atomic(dir / "scripts/kconfig/conf.c", "");
  util::write_file_atomic(dir / "arch/x86/Kconfig", "");
}

void make_tarball(const fs::path& tarball, const fs::path& parent, const std::string& top) {
  auto result = util::system_runner().run(
      {.program = "tar", .args = {"-cJf", tarball.string(), "-C", parent.string(), top}});
  REQUIRE(result.ok());
}

bool has_partial(const fs::path& trees) {
  if (!fs::exists(trees)) return false;
  for (const auto& entry : fs::directory_iterator(trees))
    if (entry.path().filename().string().find(".partial.") != std::string::npos) return true;
  return false;
}

} // namespace

TEST_CASE("read_kernel_version reads VERSION, PATCHLEVEL, SUBLEVEL and EXTRAVERSION") {
  auto dir = test::temp_dir();
  make_tree_skeleton(dir.path());
  CHECK(tree::read_kernel_version(dir.path()) == "6.1.192");
  util::write_file_atomic(dir.path() / "Makefile",
                          "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\n");
  CHECK(tree::read_kernel_version(dir.path()) == "6.12.0-rc3");
}

TEST_CASE("a missing tree path is an Error naming it") {
  auto work = test::temp_dir();
  CHECK_THROWS_WITH_AS(tree::prepare_tree("/nonexistent/linux", work.path()),
                       "kernel tree not found: /nonexistent/linux", util::Error);
}

TEST_CASE("a directory that is not a kernel is refused") {
  auto work = test::temp_dir();
  CHECK_THROWS_WITH_AS(tree::prepare_tree(work.path().string(), work.path()),
                       doctest::Contains("is not a kernel source tree"), util::Error);
}

TEST_CASE("a kernel directory configured in place is refused: O= builds need a clean tree") {
  auto dir = test::temp_dir();
  make_tree_skeleton(dir.path());
  util::write_file_atomic(dir.path() / ".config", "CONFIG_X=y\n");
  CHECK_THROWS_WITH_AS(tree::prepare_tree(dir.path().string(), dir.path() / "work"),
                       doctest::Contains("not clean"), util::Error);
}

TEST_CASE("a kernel directory is used in place with its version") {
  auto dir = test::temp_dir();
  make_tree_skeleton(dir.path());
  auto tree = tree::prepare_tree(dir.path().string(), dir.path() / "work");
  CHECK(tree.source == fs::canonical(dir.path()));
  CHECK(tree.version == "6.1.192");
  CHECK(tree.key.starts_with("dir-"));
}

TEST_CASE("a tarball is unpacked once, keyed by its hash, and reused") {
  auto dir = test::temp_dir();
  make_tree_skeleton(dir.path() / "src/linux-x");
  make_tarball(dir.path() / "linux.tar.xz", dir.path() / "src", "linux-x");
  fs::path work = dir.path() / "work";

  auto first = tree::prepare_tree((dir.path() / "linux.tar.xz").string(), work);
  CHECK(first.source.parent_path() == util::WorkDir(work).trees());
  CHECK(fs::exists(first.source / "Kconfig"));
  CHECK(first.version == "6.1.192");
  CHECK_FALSE(has_partial(util::WorkDir(work).trees()));

  util::write_file_atomic(first.source / "marker", "kept"); // reuse keeps the same directory
  auto second = tree::prepare_tree((dir.path() / "linux.tar.xz").string(), work);
  CHECK(second.source == first.source);
  CHECK(fs::exists(second.source / "marker"));
}

TEST_CASE("a tarball that is not a kernel is refused and leaves nothing behind") {
  auto dir = test::temp_dir();
  fs::create_directories(dir.path() / "src/notes");
  util::write_file_atomic(dir.path() / "src/notes/README", "not a kernel");
  make_tarball(dir.path() / "notes.tar.xz", dir.path() / "src", "notes");
  fs::path work = dir.path() / "work";
  CHECK_THROWS_WITH_AS(tree::prepare_tree((dir.path() / "notes.tar.xz").string(), work),
                       doctest::Contains("is not a kernel source tarball"), util::Error);
  CHECK(fs::is_empty(util::WorkDir(work).trees()));
}

TEST_CASE("a file that is not a tarball is refused with tar's complaint") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "garbage.tar.xz", "garbage");
  fs::path work = dir.path() / "work";
  CHECK_THROWS_WITH_AS(tree::prepare_tree((dir.path() / "garbage.tar.xz").string(), work),
                       doctest::Contains("cannot unpack"), util::Error);
  CHECK(fs::is_empty(util::WorkDir(work).trees()));
}

TEST_CASE("a partial unpack left by a dead process is removed, never reused") {
  auto dir = test::temp_dir();
  make_tree_skeleton(dir.path() / "src/linux-x");
  make_tarball(dir.path() / "linux.tar.xz", dir.path() / "src", "linux-x");
  fs::path trees = dir.path() / "work/trees";
  fs::create_directories(trees / "0123456789abcdef.partial.999999999/linux-x");
  auto tree = tree::prepare_tree((dir.path() / "linux.tar.xz").string(), dir.path() / "work");
  CHECK_FALSE(has_partial(trees));
  CHECK(fs::exists(tree.source / "Makefile"));
}
