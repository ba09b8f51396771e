// Helpers shared by the tests: temporary directories, running the kshrink binary, the shared
// integration work directory.
#pragma once

#include "util/files.h"
#include "util/subprocess.h"

#include <filesystem>
#include <string>
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

/// What a run of the kshrink binary printed and returned.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the kshrink binary with `args`; stdout and stderr are captured separately.
inline CliRun run_kshrink(const std::vector<std::string>& args) {
  util::ScratchDir dir = temp_dir();
  util::Command command{.program = KSHRINK_BINARY,
                        .args = args,
                        .output = dir.path() / "out",
                        .error_output = dir.path() / "err"};
  util::CommandResult result = util::run_command(command);
  return {result.status == util::CommandResult::Status::exited ? result.exit_code : -1,
          util::read_file(command.output), util::read_file(command.error_output)};
}

} // namespace kshrink::test
