// Progress notes for people: one line each on stderr.
#pragma once

#include <string>
#include <string_view>

namespace kshrink::util {

/// Prints "kshrink: <message>" on stderr.
void note(std::string_view message);

/// A duration for people: "12.3 s".
std::string seconds_text(double seconds);

} // namespace kshrink::util
