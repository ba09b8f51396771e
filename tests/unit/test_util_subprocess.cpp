// Unit tests for util/subprocess: exit codes, output files, environment, timeouts and cancel
// killing the whole process group.
#include "tests/process_table.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace kshrink;
using Status = util::CommandResult::Status;

namespace {

/// True if a process of group `pgid` still runs a second after the kill (delivery is async).
bool group_alive(pid_t pgid) {
  for (int i = 0; i < 100; ++i) {
    if (test::live_processes_in_group(pgid).empty()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

/// Reads the pid the shell under test wrote to `file` (it is also its process group).
pid_t read_pid(const fs::path& file) {
  for (int i = 0; i < 200 && !fs::exists(file); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return std::stoi(util::read_file(file));
}

} // namespace

TEST_CASE("a command's exit code, output and environment") {
  auto dir = test::temp_dir();
  util::Command command{.program = "sh",
                        .args = {"-c", "echo \"$KSHRINK_X\"; pwd; exit 3"},
                        .cwd = dir.path(),
                        .env = {{"KSHRINK_X", "hello"}},
                        .output = dir.path() / "out"};
  auto result = util::system_runner().run(command);
  CHECK(result.status == Status::exited);
  CHECK(result.exit_code == 3);
  CHECK_FALSE(result.ok());
  CHECK(util::read_file(dir.path() / "out") == "hello\n" + dir.path().string() + "\n");
}

TEST_CASE("stderr can go to its own file") {
  auto dir = test::temp_dir();
  auto result = util::system_runner().run({.program = "sh",
                                           .args = {"-c", "echo out; echo err >&2"},
                                           .output = dir.path() / "out",
                                           .error_output = dir.path() / "err"});
  CHECK(result.ok());
  CHECK(util::read_file(dir.path() / "out") == "out\n");
  CHECK(util::read_file(dir.path() / "err") == "err\n");
}

TEST_CASE("a missing program fails to start with a reason") {
  auto result = util::system_runner().run({.program = "kshrink-no-such-program"});
  CHECK(result.status == Status::failed_to_start);
  CHECK(result.describe().find("kshrink-no-such-program") != std::string::npos);
}

TEST_CASE("a program is found in the PATH its command runs with, as the child would find it") {
  auto dir = test::temp_dir();
  fs::path first = dir.path() / "first", second = dir.path() / "second";
  for (const auto& [bin, word] : {std::pair{first, "first"}, std::pair{second, "second"}}) {
    fs::create_directories(bin);
    util::write_file_atomic(bin / "kshrink-which", std::string("#!/bin/sh\necho ") + word + "\n");
    fs::permissions(bin / "kshrink-which", fs::perms::owner_all);
  }
  auto which = [&](const std::string& path) {
    return util::system_runner().run(
        {.program = "kshrink-which", .env = {{"PATH", path}}, .output = dir.path() / "out"});
  };
  REQUIRE(which(second.string() + ":" + first.string()).ok());
  CHECK(util::read_file(dir.path() / "out") == "second\n");
  REQUIRE(which("/nonexistent:" + first.string()).ok());
  CHECK(util::read_file(dir.path() / "out") == "first\n");
  CHECK(which("/nonexistent").status == Status::failed_to_start);
  CHECK(util::find_program("kshrink-which").empty()); // not in kshrink's own PATH
}

TEST_CASE("a timeout kills the whole process group, grandchildren included") {
  auto dir = test::temp_dir();
  fs::path pid_file = dir.path() / "pid";
  util::CommandResult result;
  std::thread runner([&] {
    result = util::system_runner().run(
        {.program = "sh",
         .args = {"-c", "echo $$ > " + pid_file.string() + "; sleep 100 & sleep 100 & wait"},
         .timeout = std::chrono::milliseconds(300),
         .kill_grace = std::chrono::milliseconds(200)});
  });
  pid_t group = read_pid(pid_file);
  runner.join();
  CHECK(result.status == Status::timed_out);
  CHECK_FALSE(group_alive(group));
}

TEST_CASE("a process that ignores SIGTERM is killed after the grace period") {
  auto dir = test::temp_dir();
  auto result =
      util::system_runner().run({.program = "sh",
                                 .args = {"-c", "trap '' TERM; sleep 100 & wait; sleep 100"},
                                 .timeout = std::chrono::milliseconds(200),
                                 .kill_grace = std::chrono::milliseconds(200)});
  CHECK(result.status == Status::timed_out);
  CHECK(result.seconds < 5);
}

TEST_CASE("setting the cancel flag kills the group") {
  auto dir = test::temp_dir();
  fs::path pid_file = dir.path() / "pid";
  std::atomic<bool> cancel{false};
  util::CommandResult result;
  std::thread runner([&] {
    result = util::system_runner().run(
        {.program = "sh",
         .args = {"-c", "echo $$ > " + pid_file.string() + "; sleep 100 & wait"},
         .cancel = &cancel});
  });
  pid_t group = read_pid(pid_file);
  cancel = true;
  runner.join();
  CHECK(result.status == Status::cancelled);
  CHECK_FALSE(group_alive(group));
}

TEST_CASE("tail_of_file keeps the last lines") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "log", "1\n2\n3\n4\n");
  CHECK(util::tail_of_file(dir.path() / "log", 2) == "3\n4\n");
  CHECK(util::tail_of_file(dir.path() / "missing", 2).empty());
}

TEST_CASE("last_line_of_file gives one line: the last that says something") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "log", "E: first\r\nE: Unable to locate package x\r\n \n\n");
  CHECK(util::last_line_of_file(dir.path() / "log") == "E: Unable to locate package x");
  util::write_file_atomic(dir.path() / "empty", "");
  CHECK(util::last_line_of_file(dir.path() / "empty") == "no output");
  CHECK(util::last_line_of_file(dir.path() / "missing") == "no output");
}

TEST_CASE("a child outlives no kshrink killed -9: it gets SIGTERM when its parent dies") {
  const std::string marker = "7319.25"; // an argument no other process has
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) { // the "kshrink" that starts a long child and is then killed
    util::system_runner().run({.program = "sleep", .args = {marker}});
    ::_exit(0);
  }
  bool started = false;
  for (int i = 0; i < 200 && !started; ++i) {
    started = !test::live_processes_mentioning(marker).empty();
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(started);
  ::kill(parent, SIGKILL);
  ::waitpid(parent, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = test::live_processes_mentioning(marker).empty();
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(gone);
}
