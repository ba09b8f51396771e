// Unit tests for util/directory_mirror: an exact copy with times kept, only differences copied.
#include "tests/test_support.h"
#include "util/directory_mirror.h"
#include "util/error.h"
#include "util/files.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

void write(const fs::path& path, std::string_view text, fs::file_time_type time) {
  fs::create_directories(path.parent_path());
  util::write_file_atomic(path, text);
  fs::last_write_time(path, time);
}

} // namespace

TEST_CASE("mirror_directory copies files, links, modes and times, then only what changed") {
  auto dir = test::temp_dir();
  fs::path from = dir.path() / "from", to = dir.path() / "to";
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(1);
  write(from / "a.o", "object", old_time);
  write(from / "sub/deeper/b.cmd", "cmd", old_time + std::chrono::nanoseconds(7));
  write(from / "scripts/fixdep", "#!/bin/sh\n", old_time);
  fs::permissions(from / "scripts/fixdep", fs::perms::owner_all);
  fs::create_directory_symlink("/nonexistent/source", from / "source");

  auto first = util::mirror_directory(from, to);
  CHECK(first.copied == 4);
  CHECK(util::read_file(to / "sub/deeper/b.cmd") == "cmd");
  CHECK(fs::last_write_time(to / "sub/deeper/b.cmd") ==
        fs::last_write_time(from / "sub/deeper/b.cmd"));
  CHECK((fs::status(to / "scripts/fixdep").permissions() & fs::perms::owner_exec) !=
        fs::perms::none);
  CHECK(fs::read_symlink(to / "source") == "/nonexistent/source");

  // The copy is built on: one object rebuilt, a new file, a removed directory.
  write(to / "a.o", "rebuilt", fs::file_time_type::clock::now());
  write(to / "new.o", "new", fs::file_time_type::clock::now());
  fs::remove_all(from / "sub");
  auto second = util::mirror_directory(from, to);
  CHECK(second.copied == 1);
  CHECK(second.kept == 2);
  CHECK(second.removed == 2); // new.o and sub/ with its content
  CHECK(util::read_file(to / "a.o") == "object");
  CHECK(fs::last_write_time(to / "a.o") == old_time);
  CHECK_FALSE(fs::exists(to / "new.o"));
  CHECK_FALSE(fs::exists(to / "sub"));
}

TEST_CASE("mirror_directory of a missing directory is an Error naming it") {
  auto dir = test::temp_dir();
  CHECK_THROWS_WITH_AS(util::mirror_directory(dir.path() / "missing", dir.path() / "to"),
                       doctest::Contains("missing"), util::Error);
}
