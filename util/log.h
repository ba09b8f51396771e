// Progress notes for people: one line each on stderr, silenced with set_quiet(true).
#pragma once

#include <string>
#include <string_view>

namespace kshrink::util {

/// Prints "kshrink: <message>" on stderr unless quiet.
void note(std::string_view message);

/// Silences note() (tests, --json runs that want a clean stderr).
void set_quiet(bool quiet);

/// A duration for people: "12.3 s".
std::string seconds_text(double seconds);

} // namespace kshrink::util
