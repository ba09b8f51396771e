// Runs external commands, each in its own process group, with its output in a file, a timeout
// and a cancel flag; the whole group is killed (TERM, grace, KILL) on timeout or cancel.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::util {

/// What to run and how.
struct Command {
  std::string program;                    ///< a path, or a name looked up in PATH
  std::vector<std::string> args;          ///< arguments after the program name
  std::filesystem::path cwd;              ///< working directory; empty: inherit
  std::map<std::string, std::string> env; ///< set (or override) in the inherited environment
  std::filesystem::path output;           ///< stdout (and stderr) go here; empty: /dev/null
  std::filesystem::path error_output;     ///< stderr goes here; empty: same as output
  std::optional<std::chrono::milliseconds> timeout; ///< none: wait forever
  const std::atomic<bool>* cancel =
      nullptr; ///< when it turns true (or util::interrupted()), the group is killed
  std::function<bool()> stop_when;            ///< polled while it runs; true: kill the group
  std::chrono::milliseconds kill_grace{2000}; ///< between SIGTERM and SIGKILL
};

/// How a command ended.
struct CommandResult {
  enum class Status { exited, signaled, timed_out, cancelled, stopped, failed_to_start };
  Status status = Status::failed_to_start;
  int exit_code = -1; ///< for exited; the signal number for signaled
  std::string error;  ///< for failed_to_start: why
  double seconds = 0; ///< wall time
  /// True when the command exited with status 0.
  bool ok() const { return status == Status::exited && exit_code == 0; }
  /// A short human description: "exit 2", "timed out after 30 s"...
  std::string describe() const;
};

/// The one seam through which kshrink starts processes (ninja's CommandRunner): the builder,
/// the kconfig tools, the boot harness and the metrics take one, so tests can fake it.
class CommandRunner {
public:
  virtual ~CommandRunner() = default;
  /// Runs `command` to its end. Never throws for the command's own failure: that is the result.
  virtual CommandResult run(const Command& command) = 0;
};

/// The real runner: each command in its own process group, killed whole (TERM, grace, KILL)
/// on timeout, cancel or interrupt.
CommandRunner& system_runner();

/// The path of `program` (a path is returned as is, a name is looked up in `search_path`, a
/// colon-separated list like PATH); "" if none.
std::string find_program(const std::string& program, const std::string& search_path);
/// The same in kshrink's own PATH.
std::string find_program(const std::string& program);

/// The last `max_lines` lines of a text file (empty if it cannot be read), for error messages.
std::string tail_of_file(const std::filesystem::path& path, size_t max_lines);

/// The last line of a text file that holds more than blanks, or "no output": what a failing
/// tool said last, for a one-line error.
std::string last_line_of_file(const std::filesystem::path& path);

} // namespace kshrink::util
