// Error: the one exception type for faults a user can fix (bad path, garbage config...).
// Only main() catches it and turns it into a one-line message and a non-zero exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace kshrink::util {

/// A fault the user can act on; `what()` is one line naming the problem.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace kshrink::util
