// Reads /proc/<pid>/stat to find a group's live members.
#include "tests/process_table.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace kshrink::test {

namespace {

struct ProcessInfo {
  pid_t pid = 0;
  char state = 0;
  pid_t group = 0;
};

/// Every process /proc lists, with state and process group.
std::vector<ProcessInfo> all_processes() {
  std::vector<ProcessInfo> processes;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;
    // Fields after the command name (which may hold spaces): state ppid pgrp ...
    auto close = text.rfind(')');
    if (close == std::string::npos || close + 2 > text.size()) continue;
    std::istringstream fields(text.substr(close + 2));
    ProcessInfo info{.pid = std::stoi(name)};
    pid_t ppid = 0;
    if (fields >> info.state >> ppid >> info.group) processes.push_back(info);
  }
  return processes;
}

bool is_live(const ProcessInfo& info) {
  return info.state != 'Z' && info.state != 'X';
}

} // namespace

std::vector<pid_t> live_processes_in_group(pid_t pgid) {
  std::vector<pid_t> pids;
  for (const auto& info : all_processes())
    if (info.group == pgid && is_live(info)) pids.push_back(info.pid);
  return pids;
}

std::vector<pid_t> live_processes_mentioning(const std::string& needle) {
  std::vector<pid_t> pids;
  for (const auto& info : all_processes()) {
    if (!is_live(info) || info.pid == ::getpid()) continue;
    std::ifstream in("/proc/" + std::to_string(info.pid) + "/cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(needle) != std::string::npos) pids.push_back(info.pid);
  }
  return pids;
}

} // namespace kshrink::test
