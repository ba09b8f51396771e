// Helpers shared by the tests: temporary directories, running the kshrink binary, the shared
// integration work directory.
#pragma once

#include "tests/process_table.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace kshrink::test {

/// A fresh temporary directory, removed at the end of the test.
inline util::ScratchDir temp_dir() {
  return util::ScratchDir(std::filesystem::temp_directory_path(), "kshrink-test-");
}

/// The work directory the integration tests share (one unpacked tree, one set of tools).
inline std::filesystem::path shared_workdir() {
  return KSHRINK_TEST_WORKDIR;
}

/// What a run of a program printed and returned.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `program` (a path, or a name looked up in PATH) with `args` and `env` added to its
/// environment; stdout and stderr are captured separately.
inline CliRun run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) {
  util::ScratchDir dir = temp_dir();
  util::Command command{.program = program,
                        .args = args,
                        .env = env,
                        .output = dir.path() / "out",
                        .error_output = dir.path() / "err"};
  util::CommandResult result = util::system_runner().run(command);
  return {result.status == util::CommandResult::Status::exited ? result.exit_code : -1,
          util::read_file(command.output), util::read_file(command.error_output)};
}

/// Runs the kshrink binary with `args` (and `env` added to its environment).
inline CliRun run_kshrink(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {}) {
  return run_program(KSHRINK_BINARY, args, env);
}

/// stderr's last line: the one error line kshrink prints.
inline std::string last_line(const std::string& text) {
  std::string trimmed = text.ends_with('\n') ? text.substr(0, text.size() - 1) : text;
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

/// True once no running process mentions `dir` in its command line (waits up to 2 s, since
/// killed processes take a moment to go).
inline bool no_process_mentions(const std::filesystem::path& dir) {
  for (int i = 0; i < 100; ++i) {
    if (test::live_processes_mentioning(dir.string()).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

} // namespace kshrink::test
