// Crash safety on the real tree (long: `scripts/test long`): a foreground `kshrink run` of a
// small config is killed with SIGKILL during a build, during a boot and just after a trial is
// committed, and resumed after each kill. Each time: nothing it started (make, the compilers,
// QEMU) is left running, the database passes PRAGMA integrity_check and keeps every verdict it
// had, and in the end the run's best config is the uninterrupted run's, with no config built
// twice among its trials.
#include "kconfig/config_file.h"
#include "tests/crash/crash_support.h"
#include "tests/integration/real_tree.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using namespace std::chrono_literals;

namespace {

size_t committed_trials(const fs::path& db) {
  if (!fs::exists(db)) return 0;
  SQLite::Database sql(db.string(), SQLite::OPEN_READONLY);
  return sql.tableExists("trials") ? size_t(sql.execAndGet("SELECT count(*) FROM trials").getInt())
                                   : 0;
}

/// Polls `now` until it holds or `pid` ends; true if it held (the process still runs).
bool wait_until(pid_t pid, const std::function<bool()>& now, bool& ended_by_itself) {
  auto until = std::chrono::steady_clock::now() + 20min;
  bool killed = false;
  while (std::chrono::steady_clock::now() < until) {
    if (test::ended(pid, killed)) {
      ended_by_itself = true;
      return false;
    }
    if (now()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

/// What is left running of what a killed run started, after a grace for SIGTERM to work.
size_t orphans(const fs::path& builders) {
  for (int i = 0; i < 300; ++i) {
    if (test::live_processes_mentioning(builders.string()).empty() &&
        test::live_processes_mentioning("qemu-system").empty())
      return 0;
    std::this_thread::sleep_for(100ms);
  }
  return test::live_processes_mentioning(builders.string()).size() +
         test::live_processes_mentioning("qemu-system").size();
}

} // namespace

TEST_CASE("kshrink run killed -9 in a build, in a boot and after a commit resumes to the same "
          "result") {
  auto dir = test::temp_dir();
  fs::path config = dir.path() / "small.config";
  test::small_bootable_config().config.save(config);
  std::string keep =
      test::pins_except(test::small_bootable_config(),
                        {"BINFMT_SCRIPT", "MOUSE_PS2", "KEYBOARD_ATKBD", "LEGACY_PTYS"});
  auto new_run = [&](const fs::path& db) {
    return std::vector<std::string>{
        KSHRINK_BINARY, "run",       "--config",   config.string(),
        "--checks",     "boot",      "--strategy", "linear",
        "--keep",       keep,        "--budget",   "4builds",
        "--db",         db.string(), "--workdir",  test::shared_workdir().string(),
        "--json"};
  };
  auto summary_of = [](const fs::path& output) {
    std::string text = util::read_file(output);
    return nlohmann::json::parse(text.substr(text.find("\n{") + 1));
  };

  // The uninterrupted run.
  fs::path reference_db = dir.path() / "reference.db";
  pid_t reference = test::spawn(new_run(reference_db), dir.path() / "reference.out");
  REQUIRE_FALSE(test::reaped_killed(reference));
  auto expected = summary_of(dir.path() / "reference.out");
  REQUIRE(expected["state"] == "done");

  // The same run, killed three times.
  fs::path db = dir.path() / "crashed.db";
  fs::path builders = util::WorkDir(test::shared_workdir()).builders(test::tools_61().tree().key);
  size_t trials_at_start = 0;
  struct Kill {
    std::string when;
    std::function<bool()> now;
  };
  std::vector<Kill> kills = {
      {"in a build", [&] { return !test::live_processes_mentioning(builders.string()).empty(); }},
      {"in a boot", [&] { return !test::live_processes_mentioning("qemu-system").empty(); }},
      {"after a commit", [&] { return committed_trials(db) > trials_at_start; }}};
  std::map<std::string, std::string> committed;
  size_t landed = 0, lost = 0, left_running = 0;
  for (const auto& kill : kills) {
    CAPTURE(kill.when);
    trials_at_start = committed_trials(db);
    auto args = fs::exists(db)
                    ? std::vector<std::string>{KSHRINK_BINARY, "run",       "--resume", "1",
                                               "--db",         db.string(), "--json"}
                    : new_run(db);
    pid_t pid = test::spawn(args, dir.path() / "crashed.out");
    bool ended_by_itself = false;
    REQUIRE_MESSAGE(wait_until(pid, kill.now, ended_by_itself),
                    util::read_file(dir.path() / "crashed.out"));
    ::kill(pid, SIGKILL);
    REQUIRE(test::reaped_killed(pid));
    ++landed;
    left_running += orphans(builders);
    auto now = test::verdicts_in(db);
    lost += test::verdicts_lost(committed, now);
    committed = now;
  }
  pid_t last = test::spawn({KSHRINK_BINARY, "run", "--resume", "1", "--db", db.string(), "--json"},
                           dir.path() / "crashed.out");
  REQUIRE_FALSE(test::reaped_killed(last));
  auto result = summary_of(dir.path() / "crashed.out");
  lost += test::verdicts_lost(committed, test::verdicts_in(db));

  CHECK(result["state"] == "done");
  CHECK(result["best_bytes"] == expected["best_bytes"]);
  CHECK(kconfig::ConfigFile::load(result["best_config"].get<std::string>()).hash() ==
        kconfig::ConfigFile::load(expected["best_config"].get<std::string>()).hash());
  SQLite::Database sql(db.string(), SQLite::OPEN_READONLY);
  int built_twice = sql.execAndGet("SELECT count(*) FROM (SELECT config_hash FROM trials WHERE "
                                   "computed=1 GROUP BY config_hash HAVING count(*) > 1)")
                        .getInt();
  MESSAGE("kill -9 landed " << landed << "/3; verdicts lost " << lost << "; processes left running "
                            << left_running << "; configs built twice among the trials "
                            << built_twice);
  CHECK(landed == 3);
  CHECK(lost == 0);
  CHECK(left_running == 0);
  CHECK(built_twice == 0);
}
