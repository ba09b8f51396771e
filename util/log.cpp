// Progress notes on stderr.
#include "util/log.h"

#include <atomic>
#include <cstdio>
#include <iostream>

namespace kshrink::util {
namespace {
std::atomic<bool> quiet_notes{false};
}

void note(std::string_view message) {
  if (!quiet_notes) std::cerr << "kshrink: " << message << '\n';
}

void set_quiet(bool quiet) {
  quiet_notes = quiet;
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  return buffer;
}

} // namespace kshrink::util
