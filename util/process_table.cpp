// Reads /proc/<pid>/stat to find a group's live members.
#include "util/process_table.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kshrink::util {

std::vector<pid_t> live_processes_in_group(pid_t pgid) {
  std::vector<pid_t> pids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    // Fields after the command name (which may hold spaces): state ppid pgrp ...
    auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    char state = 0;
    pid_t ppid = 0, group = 0;
    if (!(fields >> state >> ppid >> group)) continue;
    if (group == pgid && state != 'Z' && state != 'X') pids.push_back(std::stoi(name));
  }
  return pids;
}

} // namespace kshrink::util
