// The two tiers of errors kshrink reports in one line (ccache's Error and Fatal are the
// model): the user's bad input, and the environment's fault. Only main() catches them and turns
// them into a message and an exit code; any other exception is kshrink's own fault.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace kshrink::util {

/// Bad input the user can fix (a missing path, a garbage config, an unknown check): exit 2.
/// `what()` is one line naming the problem.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  /// The exit code main() gives it.
  virtual int exit_code() const { return 2; }
};

/// Not the input's fault but the machine's: a program or package missing, no network, a full
/// disk, a port in use, a daemon that cannot be reached: exit 1, as for kshrink's own faults.
class EnvironmentError : public Error {
public:
  using Error::Error;
  int exit_code() const override { return 1; }
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

/// Throws "`name` must be between `low` and `high`, not `value`" (bad input) unless
/// low <= value <= high.
void require_in_range(const std::string& name, long long value, long long low, long long high);

} // namespace kshrink::util
