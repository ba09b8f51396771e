// Process spawning through Boost.Process v2 and Asio: own process group, timeout, cancel.
#include "util/subprocess.h"

#include "util/interrupt.h"

#include <boost/io/quoted.hpp>
#include <boost/optional.hpp>
#include <boost/type_traits/remove_pointer.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace fs = std::filesystem;
namespace bp = boost::process::v2;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace kshrink::util {
namespace {

/// Boost.Process initializer: the child leads a new process group, so a kill reaches all of
/// it, and gets SIGTERM if kshrink dies without stopping it (kill -9): make and kshrink run stop
/// their own children on SIGTERM, so a killed kshrink leaves no build or QEMU running. (The
/// signal follows the thread that started the child, which waits for it: see run().)
struct OwnProcessGroup {
  pid_t parent = ::getpid();
  template <typename Launcher>
  bp::error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*) {
    if (::setpgid(0, 0) != 0) return bp::error_code(errno, boost::system::system_category());
    if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || ::getppid() != parent)
      return bp::error_code(ECHILD, boost::system::system_category()); // it died already
    return {};
  }
};

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view kv(*entry);
    auto name = kv.substr(0, kv.find('='));
    if (!overrides.contains(std::string(name))) env.emplace_back(kv);
  }
  for (const auto& [name, value] : overrides)
    env.push_back(name + "=" + value);
  return env;
}

/// Kills the group: SIGTERM, then SIGKILL after `grace` if the leader still runs.
void kill_group(bp::process& process, std::chrono::milliseconds grace) {
  pid_t group = process.id();
  ::kill(-group, SIGTERM);
  auto deadline = Clock::now() + grace;
  bp::error_code ec;
  while (process.running(ec) && Clock::now() < deadline)
    ::usleep(20 * 1000);
  ::kill(-group, SIGKILL);
}

} // namespace

std::string find_program(const std::string& program, const std::string& search_path) {
  if (program.find('/') != std::string::npos) return program;
  std::istringstream dirs(search_path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
      return candidate.string();
  }
  return "";
}

std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  return find_program(program, path ? path : "");
}

std::string CommandResult::describe() const {
  switch (status) {
  case Status::exited:
    return "exit " + std::to_string(exit_code);
  case Status::signaled:
    return std::string("killed by signal ") + ::strsignal(exit_code);
  case Status::timed_out:
    return "timed out after " + std::to_string(int(seconds)) + " s";
  case Status::cancelled:
    return "cancelled";
  case Status::stopped:
    return "stopped by its watcher";
  case Status::failed_to_start:
    return "could not start: " + error;
  }
  return "unknown";
}

namespace {

CommandResult run_in_own_group(const Command& command) {
  CommandResult result;
  auto started = Clock::now();
  // Found where the child would find it: in the PATH it runs with (a build's puts ccache's
  // compiler links first).
  auto path = command.env.find("PATH");
  std::string program = path != command.env.end() ? find_program(command.program, path->second)
                                                  : find_program(command.program);
  if (program.empty()) {
    result.error = command.program + " not found in PATH";
    return result;
  }
  std::string output = command.output.empty() ? "/dev/null" : command.output.string();
  FILE* out = std::fopen(output.c_str(), "w");
  if (!out) {
    result.error = "cannot open " + output + ": " + std::strerror(errno);
    return result;
  }
  FILE* err = out;
  if (!command.error_output.empty() && !(err = std::fopen(command.error_output.c_str(), "w"))) {
    result.error = "cannot open " + command.error_output.string() + ": " + std::strerror(errno);
    std::fclose(out);
    return result;
  }
  auto close_outputs = [&] {
    if (err != out) std::fclose(err);
    std::fclose(out);
  };

  asio::io_context context;
  bp::error_code ec;
  std::vector<std::string> env = environment_with(command.env);
  bp::filesystem::path cwd = command.cwd.empty() ? std::filesystem::current_path() : command.cwd;
  bp::process process(context);
  try {
    process =
        bp::process(context, program, command.args, bp::process_stdio{nullptr, out, err},
                    bp::process_environment(env), bp::process_start_dir(cwd), OwnProcessGroup{});
  } catch (const std::exception& e) {
    close_outputs();
    result.error = e.what();
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
  }
  close_outputs();

  // Poll rather than wait: timeout, cancel flag and watcher are checked between polls.
  result.status = CommandResult::Status::exited;
  while (process.running(ec)) {
    if (command.timeout && Clock::now() - started > *command.timeout)
      result.status = CommandResult::Status::timed_out;
    else if ((command.cancel && command.cancel->load()) || interrupted().load())
      result.status = CommandResult::Status::cancelled;
    else if (command.stop_when && command.stop_when())
      result.status = CommandResult::Status::stopped;
    if (result.status != CommandResult::Status::exited) {
      kill_group(process, command.kill_grace);
      break;
    }
    ::usleep(20 * 1000);
  }
  process.wait(ec);
  // Whatever the leader left behind in its group goes with it.
  ::kill(-process.id(), SIGKILL);
  int status = process.native_exit_code();
  if (result.status == CommandResult::Status::exited) {
    if (WIFSIGNALED(status)) {
      result.status = CommandResult::Status::signaled;
      result.exit_code = WTERMSIG(status);
    } else {
      result.exit_code = WEXITSTATUS(status);
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

/// Runs each command in its own process group.
class SystemRunner : public CommandRunner {
public:
  CommandResult run(const Command& command) override { return run_in_own_group(command); }
};

} // namespace

CommandRunner& system_runner() {
  static SystemRunner runner;
  return runner;
}

std::string tail_of_file(const std::filesystem::path& path, size_t max_lines) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.pop_front();
  }
  std::string out;
  for (const auto& kept : lines)
    out += kept + "\n";
  return out;
}

std::string last_line_of_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string last;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  while (!last.empty() && last.back() == '\r')
    last.pop_back();
  return last.empty() ? "no output" : last;
}

} // namespace kshrink::util
