// Sizes, shares and durations for people: "1.17 MiB", "24.2%", "1h05m". Machine output (JSON,
// metrics) keeps exact bytes; only human text goes through here.
#pragma once

#include <cstdint>
#include <string>

namespace kshrink::util {

/// A size for people in binary units: "900 B", "612.0 KiB", "1.17 MiB".
std::string bytes_text(uint64_t bytes);

/// What `best` saved of `start` as a rounded percentage ("24.2%"); "-" if `start` is 0.
std::string saved_text(uint64_t start, uint64_t best);

/// A duration for people, to the second under an hour: "1h05m", "7m02s", "40s".
std::string duration_text(double seconds);

} // namespace kshrink::util
