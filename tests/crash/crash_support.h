// What the crash tests share: a program started in the background to be killed -9, its reaping,
// and a database read as a restart would find it (integrity checked, verdicts listed).
#pragma once

#include "util/files.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

extern char** environ;

namespace kshrink::test {

/// Starts `args` (the program's path first) with stdout and stderr in `output`; its pid.
inline pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& output) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int started = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(started == 0);
  return pid;
}

/// Waits for `pid`; true if SIGKILL ended it (false: it had finished by itself).
inline bool reaped_killed(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/// True once `pid` has ended (it is reaped then), without waiting.
inline bool ended(pid_t pid, bool& killed) {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) != pid) return false;
  killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  return true;
}

/// Every verdict the database holds, config hash -> verdict, after checking its integrity
/// (none if the process died before it made its tables, or its file).
inline std::map<std::string, std::string> verdicts_in(const std::filesystem::path& db) {
  std::map<std::string, std::string> verdicts;
  if (!std::filesystem::exists(db)) return verdicts;
  SQLite::Database sql(db.string(), SQLite::OPEN_READONLY);
  CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
  if (!sql.tableExists("verdicts")) return verdicts;
  SQLite::Statement query(sql, "SELECT config_hash, verdict FROM verdicts");
  while (query.executeStep())
    verdicts[query.getColumn(0).getString()] = query.getColumn(1).getString();
  return verdicts;
}

/// How many of `before`'s verdicts `after` lacks or holds otherwise.
inline size_t verdicts_lost(const std::map<std::string, std::string>& before,
                            const std::map<std::string, std::string>& after) {
  size_t lost = 0;
  for (const auto& [hash, verdict] : before)
    lost += !after.contains(hash) || after.at(hash) != verdict;
  return lost;
}

} // namespace kshrink::test
