// A fake of the process seam (util::CommandRunner): records each command and answers with what
// a test scripts, writing the command's output where a real program would.
#pragma once

#include "util/files.h"
#include "util/subprocess.h"

#include <functional>
#include <string>
#include <vector>

namespace kshrink::test {

/// What a scripted program does: what it prints and how it ends.
struct ScriptedRun {
  std::string output;
  util::CommandResult result{.status = util::CommandResult::Status::exited, .exit_code = 0};
};

class FakeRunner : public util::CommandRunner {
public:
  /// Answers each command; the default exits 0 printing nothing.
  std::function<ScriptedRun(const util::Command&)> script = [](const util::Command&) {
    return ScriptedRun{};
  };
  std::vector<util::Command> commands; ///< every command run, in order

  util::CommandResult run(const util::Command& command) override {
    commands.push_back(command);
    ScriptedRun ran = script(command);
    if (!command.output.empty()) util::write_file_atomic(command.output, ran.output);
    return ran.result;
  }
};

} // namespace kshrink::test
