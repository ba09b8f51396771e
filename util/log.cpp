// Progress notes on stderr.
#include "util/log.h"

#include <cstdio>
#include <iostream>

namespace kshrink::util {

void note(std::string_view message) {
  std::cerr << "kshrink: " << message << '\n';
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  return buffer;
}

} // namespace kshrink::util
