// Process table queries from /proc, for the orphan checks of tests: the live processes of a
// process group, or those whose command line mentions a path.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace kshrink::test {

/// Pids of the processes in group `pgid` that are still running (zombies excluded).
std::vector<pid_t> live_processes_in_group(pid_t pgid);

/// Pids of running processes (zombies excluded) whose command line contains `needle`,
/// other than the caller.
std::vector<pid_t> live_processes_mentioning(const std::string& needle);

} // namespace kshrink::test
