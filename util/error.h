// The errors kshrink reports in one line (ccache's Error and Fatal are the model): the user's
// bad input (and a run or config that does not exist), and the environment's fault (and a
// daemon that cannot be reached), with kshrink's exit codes. Only main() catches them and turns
// them into a message and an exit code; any other exception is kshrink's own fault.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace kshrink::util {

/// kshrink's exit codes, one per kind of outcome, so that a script can tell them apart (the
/// README lists them).
namespace exit_codes {
inline constexpr int success = 0;
inline constexpr int failed_verdict = 1; ///< `build` or `boot`: the kernel failed, as data
inline constexpr int bad_input = 2;      ///< including usage errors
inline constexpr int environment = 3;    ///< the machine's fault, not the input's
inline constexpr int unreachable = 4;    ///< the daemon cannot be reached
inline constexpr int not_found = 5;      ///< no such run, or no config of it yet
inline constexpr int internal = 70;      ///< kshrink's own fault (sysexits' EX_SOFTWARE)
inline constexpr int interrupted = 130;  ///< stopped by a signal, as shells report it
} // namespace exit_codes

/// Bad input the user can fix (a missing path, a garbage config, an unknown check).
/// `what()` is one line naming the problem.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  /// The exit code main() gives it.
  virtual int exit_code() const { return exit_codes::bad_input; }
};

/// What was asked for does not exist: no such run, no passing config of it yet.
class NotFoundError : public Error {
public:
  using Error::Error;
  int exit_code() const override { return exit_codes::not_found; }
};

/// Not the input's fault but the machine's: a program or package missing, no network, a full
/// disk, a port in use.
class EnvironmentError : public Error {
public:
  using Error::Error;
  int exit_code() const override { return exit_codes::environment; }
};

/// The daemon cannot be reached (not running, another address, refused).
class UnreachableError : public EnvironmentError {
public:
  using EnvironmentError::EnvironmentError;
  int exit_code() const override { return exit_codes::unreachable; }
};

/// Throws "`message`: `error`'s text" in the tier the error belongs to: the environment's when
/// the system ran short (a full disk or quota, an I/O error, no memory or file descriptors, a
/// read-only file system), else bad input (a path through a file, no permission).
[[noreturn]] void throw_system_error(const std::string& message, std::error_code error);
/// The same for an errno value.
[[noreturn]] void throw_system_error(const std::string& message, int error_number);
/// The same for a std::filesystem error: "cannot use PATH: REASON", a long path shortened so
/// the message stays one line (a 100,000-character path is bad input, not kshrink's fault).
[[noreturn]] void throw_filesystem_error(const std::filesystem::filesystem_error& error);
/// True if `text` (a tool's message: tar's, a compiler's) names one of the errors that are the
/// environment's in throw_system_error ("No space left on device", "Read-only file system"...).
bool names_environment_error(std::string_view text);

/// Throws "`name` must be between `low` and `high`, not `value`" (bad input) unless
/// low <= value <= high.
void require_in_range(const std::string& name, long long value, long long low, long long high);

} // namespace kshrink::util
