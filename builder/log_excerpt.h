// Reading a build log: the lines that explain a failure, and whether the failure was the
// machine's (full disk, missing compiler) rather than the config's.
#pragma once

#include <string>

namespace kshrink::builder {

/// The first error and the lines after it (at most `max_lines`), or the log's tail if no line
/// looks like an error.
std::string error_excerpt(const std::string& log, size_t max_lines = 10);

/// True when the log shows a fault of the build machine, not of the config built.
bool is_infrastructure_failure(const std::string& log);

} // namespace kshrink::builder
