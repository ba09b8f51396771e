// Unit tests for util/files: atomic writes, scratch directories, locks.
#include "tests/test_support.h"
#include "util/error.h"
#include "util/interrupt.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;

TEST_CASE("write_file_atomic writes the exact bytes and leaves no temporary") {
  auto dir = test::temp_dir();
  fs::path target = dir.path() / "file";
  util::write_file_atomic(target, std::string("a\0b\n", 4));
  CHECK(util::read_file(target) == std::string("a\0b\n", 4));
  util::write_file_atomic(target, "replaced");
  CHECK(util::read_file(target) == "replaced");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("write_file_atomic into a missing directory is an Error naming the path") {
  auto dir = test::temp_dir();
  CHECK_THROWS_WITH_AS(util::write_file_atomic(dir.path() / "no/such/file", "x"),
                       doctest::Contains("no/such/file"), util::Error);
}

TEST_CASE("read_file of a missing file is an Error naming it") {
  CHECK_THROWS_WITH_AS(util::read_file("/nonexistent/kshrink"),
                       doctest::Contains("/nonexistent/kshrink"), util::Error);
}

TEST_CASE("ScratchDir is removed with its content") {
  fs::path kept;
  {
    auto dir = test::temp_dir();
    kept = dir.path();
    util::write_file_atomic(kept / "inner", "x");
    CHECK(fs::exists(kept / "inner"));
  }
  CHECK_FALSE(fs::exists(kept));
}

TEST_CASE("FileLock can be taken again once released") {
  auto dir = test::temp_dir();
  { util::FileLock first(dir.path() / "lock"); }
  util::FileLock second(dir.path() / "lock");
  CHECK(fs::exists(dir.path() / "lock"));
}

TEST_CASE("FileLock::try_lock fails while another holder has the lock, not after") {
  auto dir = test::temp_dir();
  auto first = util::FileLock::try_lock(dir.path() / "lock");
  REQUIRE(first);
  CHECK_FALSE(util::FileLock::try_lock(dir.path() / "lock"));
  first.reset();
  CHECK(util::FileLock::try_lock(dir.path() / "lock"));
}

TEST_CASE("a process waiting for a held FileLock ends at SIGTERM, not when the lock is freed") {
  auto dir = test::temp_dir();
  auto held = util::FileLock::try_lock(dir.path() / "lock");
  REQUIRE(held);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) { // waits for the lock the parent holds until the signal
    util::install_interrupt_handlers();
    try {
      util::FileLock waiting(dir.path() / "lock");
      ::_exit(1); // got the lock: the parent still holds it
    } catch (const util::Error&) {
      ::_exit(util::interrupted() ? 0 : 2);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto signalled = std::chrono::steady_clock::now();
  ::kill(child, SIGTERM);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(2));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a failed system call is bad input or the environment's fault, by its error") {
  auto tier = [](std::error_code error) {
    try {
      util::throw_system_error("cannot write /w/x", error);
    } catch (const util::Error& e) {
      CHECK(std::string(e.what()) == "cannot write /w/x: " + error.message());
      return e.exit_code();
    }
    return 0;
  };
  CHECK(tier(std::make_error_code(std::errc::no_space_on_device)) == util::exit_codes::environment);
  CHECK(tier(std::make_error_code(std::errc::io_error)) == util::exit_codes::environment);
  CHECK(tier(std::make_error_code(std::errc::read_only_file_system)) ==
        util::exit_codes::environment);
  CHECK(tier(std::make_error_code(std::errc::not_a_directory)) == util::exit_codes::bad_input);
  CHECK(tier(std::make_error_code(std::errc::permission_denied)) == util::exit_codes::bad_input);

  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "file", "x");
  try {
    util::write_file_atomic(dir.path() / "file" / "below", "y");
    FAIL("a write below a regular file succeeded");
  } catch (const util::Error& e) {
    CHECK(e.exit_code() == util::exit_codes::bad_input); // the path is the input's fault
  }
}

TEST_CASE("a number out of its range is bad input naming the setting, the range and the value") {
  CHECK_NOTHROW(util::require_in_range("workers", 1, 1, 64));
  CHECK_NOTHROW(util::require_in_range("workers", 64, 1, 64));
  try {
    util::require_in_range("workers", 4294967297LL, 1, 64);
    FAIL("4294967297 workers accepted");
  } catch (const util::Error& e) {
    CHECK(std::string(e.what()) == "workers must be between 1 and 64, not 4294967297");
    CHECK(e.exit_code() == util::exit_codes::bad_input);
  }
  CHECK_THROWS_AS(util::require_in_range("jobs", -1, 0, 1024), util::Error);
}

TEST_CASE("a filesystem error is one line in its tier, a long path shortened") {
  std::string path = "/tmp/" + std::string(100'000, 'a');
  try {
    util::throw_filesystem_error(
        fs::filesystem_error("status", path, std::make_error_code(std::errc::filename_too_long)));
    FAIL("nothing thrown");
  } catch (const util::Error& e) {
    CHECK(e.exit_code() == util::exit_codes::bad_input);
    CHECK(std::string(e.what()).size() < 250);
    CHECK(std::string(e.what()).starts_with("cannot use /tmp/aaa"));
    CHECK(std::string(e.what()).ends_with(": File name too long"));
  }
  CHECK_THROWS_AS(util::throw_filesystem_error(fs::filesystem_error(
                      "copy", "/w", std::make_error_code(std::errc::no_space_on_device))),
                  util::EnvironmentError);
}
