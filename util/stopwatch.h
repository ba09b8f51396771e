// Stopwatch: wall-clock seconds since construction, for progress notes and reports.
#pragma once

#include <chrono>

namespace kshrink::util {

/// Measures wall time from construction.
class Stopwatch {
public:
  /// Seconds since construction.
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

} // namespace kshrink::util
