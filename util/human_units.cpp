// Sizes, shares and durations for people.
#include "util/human_units.h"

#include <cstdio>

namespace kshrink::util {

std::string bytes_text(uint64_t bytes) {
  char text[32];
  if (bytes < 1024)
    std::snprintf(text, sizeof text, "%llu B", (unsigned long long)bytes);
  else if (bytes < 1024 * 1024)
    std::snprintf(text, sizeof text, "%.1f KiB", double(bytes) / 1024);
  else if (bytes < uint64_t(1024) * 1024 * 1024)
    std::snprintf(text, sizeof text, "%.2f MiB", double(bytes) / (1024 * 1024));
  else
    std::snprintf(text, sizeof text, "%.2f GiB", double(bytes) / (1024.0 * 1024 * 1024));
  return text;
}

std::string saved_text(uint64_t start, uint64_t best) {
  if (start == 0) return "-";
  char text[32];
  // Signed: a run that grew its base to pass saves a negative share of the start.
  std::snprintf(text, sizeof text, "%.1f%%",
                100.0 * (double(start) - double(best)) / double(start));
  return text;
}

std::string duration_text(double seconds) {
  long s = long(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%lds", s);
  return text;
}

} // namespace kshrink::util
