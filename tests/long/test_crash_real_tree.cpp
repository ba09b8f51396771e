// Crash safety on the real tree (long: `scripts/test long`): a foreground `kshrink run` of a
// small config is killed with SIGKILL during a build, during a boot and just after a trial is
// committed, and resumed after each kill. Each time: nothing it started (make, the compilers,
// QEMU) is left running, the database passes PRAGMA integrity_check and keeps every verdict it
// had, and in the end the run's best config is the uninterrupted run's, with no config built
// twice among its trials. The same for the daemon: killed -9 in its run's build, boot and
// after a commit, the next daemon resumes the run to the uninterrupted run's result; then killed
// 20 times at seeded random moments while a second run replays the first one's verdicts.
#include "kconfig/config_file.h"
#include "storage/run_store.h"
#include "tests/crash/crash_support.h"
#include "tests/integration/daemon_support.h"
#include "tests/integration/real_tree.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <random>
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

/// The small config's run both tests kill: linear over four removals, four builds.
struct SmallRun {
  fs::path config;
  std::string keep;
  explicit SmallRun(const fs::path& dir) : config(dir / "small.config") {
    test::small_bootable_config().config.save(config);
    keep = test::pins_except(test::small_bootable_config(),
                             {"BINFMT_SCRIPT", "MOUSE_PS2", "KEYBOARD_ATKBD", "LEGACY_PTYS"});
  }
  /// Its settings as `kshrink run` and `kshrink submit` take them.
  std::vector<std::string> settings() const {
    return {"--config", config.string(), "--checks", "boot",     "--strategy",
            "linear",   "--keep",        keep,       "--budget", "4builds"};
  }
  /// `kshrink submit` of it to the daemon at `url`.
  std::vector<std::string> submission(const std::string& url) const {
    std::vector<std::string> args = {"submit", "--server", url, "--json"};
    for (const auto& arg : settings())
      args.push_back(arg);
    return args;
  }
  std::vector<std::string> foreground(const fs::path& db) const {
    std::vector<std::string> args = {KSHRINK_BINARY, "run"};
    for (const auto& arg : settings())
      args.push_back(arg);
    args.insert(args.end(),
                {"--db", db.string(), "--workdir", test::shared_workdir().string(), "--json"});
    return args;
  }
};

nlohmann::json summary_of(const fs::path& output) {
  std::string text = util::read_file(output);
  return nlohmann::json::parse(text.substr(text.find("\n{") + 1));
}

/// The uninterrupted run's summary.
nlohmann::json uninterrupted(const SmallRun& run, const fs::path& dir) {
  pid_t reference = test::spawn(run.foreground(dir / "reference.db"), dir / "reference.out");
  REQUIRE_FALSE(test::reaped_killed(reference));
  auto expected = summary_of(dir / "reference.out");
  REQUIRE(expected["state"] == "done");
  return expected;
}

int built_twice(const fs::path& db) {
  SQLite::Database sql(db.string(), SQLite::OPEN_READONLY);
  return sql
      .execAndGet("SELECT count(*) FROM (SELECT config_hash FROM trials WHERE computed=1 "
                  "GROUP BY config_hash HAVING count(*) > 1)")
      .getInt();
}

/// When to kill: in a build, in a boot, after a trial is committed to `db`.
struct Kill {
  std::string when;
  std::function<bool()> now;
};
std::vector<Kill> kills(const fs::path& builders, const fs::path& db, size_t& trials_at_start) {
  return {
      {"in a build", [=] { return !test::live_processes_mentioning(builders.string()).empty(); }},
      {"in a boot", [] { return !test::live_processes_mentioning("qemu-system").empty(); }},
      {"after a commit", [=, &trials_at_start] { return committed_trials(db) > trials_at_start; }}};
}

fs::path builders() {
  return util::WorkDir(test::shared_workdir()).builders(test::tools_61().tree().key);
}

/// What the kills did, counted as a restart finds things.
struct Tally {
  std::map<std::string, std::string> committed; ///< the verdicts stored so far
  size_t landed = 0, lost = 0, left_running = 0;

  /// After a kill landed: what is left running of the builds and boots, and the verdicts kept.
  void after_kill(const fs::path& db) {
    ++landed;
    left_running += orphans(builders());
    count_lost(db);
  }
  void count_lost(const fs::path& db) {
    auto now = test::verdicts_in(db);
    lost += test::verdicts_lost(committed, now);
    committed = now;
  }
  /// Once the run is done: every figure checked, and said.
  void check(const std::string& killed, const fs::path& db) {
    count_lost(db);
    int twice = built_twice(db);
    MESSAGE(killed << ": kill -9 landed " << landed << "/3; verdicts lost " << lost
                   << "; processes left running " << left_running
                   << "; configs built twice among the trials " << twice);
    CHECK(landed == 3);
    CHECK(lost == 0);
    CHECK(left_running == 0);
    CHECK(twice == 0);
  }
};

} // namespace

TEST_CASE("kshrink run killed -9 in a build, in a boot and after a commit resumes to the same "
          "result") {
  auto dir = test::temp_dir();
  SmallRun small(dir.path());
  auto expected = uninterrupted(small, dir.path());

  // The same run, killed three times.
  fs::path db = dir.path() / "crashed.db";
  size_t trials_at_start = 0;
  Tally tally;
  for (const auto& kill : kills(builders(), db, trials_at_start)) {
    CAPTURE(kill.when);
    trials_at_start = committed_trials(db);
    auto args = fs::exists(db)
                    ? std::vector<std::string>{KSHRINK_BINARY, "run",       "--resume", "1",
                                               "--db",         db.string(), "--json"}
                    : small.foreground(db);
    pid_t pid = test::spawn(args, dir.path() / "crashed.out");
    bool ended_by_itself = false;
    REQUIRE_MESSAGE(wait_until(pid, kill.now, ended_by_itself),
                    util::read_file(dir.path() / "crashed.out"));
    ::kill(pid, SIGKILL);
    REQUIRE(test::reaped_killed(pid));
    tally.after_kill(db);
  }
  pid_t last = test::spawn({KSHRINK_BINARY, "run", "--resume", "1", "--db", db.string(), "--json"},
                           dir.path() / "crashed.out");
  REQUIRE_FALSE(test::reaped_killed(last));
  auto result = summary_of(dir.path() / "crashed.out");
  CHECK(result["state"] == "done");
  CHECK(result["best_bytes"] == expected["best_bytes"]);
  CHECK(kconfig::ConfigFile::load(result["best_config"].get<std::string>()).hash() ==
        kconfig::ConfigFile::load(expected["best_config"].get<std::string>()).hash());
  tally.check("kshrink run", db);
}

TEST_CASE("the daemon killed -9 in its run's build, boot and after a commit: the next daemon "
          "resumes the run to the same result") {
  auto dir = test::temp_dir();
  SmallRun small(dir.path());
  auto expected = uninterrupted(small, dir.path());

  fs::path db = dir.path() / "kshrink.db"; // the test daemon's database
  size_t trials_at_start = 0;
  Tally tally;
  for (const auto& kill : kills(builders(), db, trials_at_start)) {
    CAPTURE(kill.when);
    trials_at_start = committed_trials(db);
    test::Daemon daemon(dir.path()); // resumes the run the last one left
    if (tally.landed == 0) {
      auto submitted = test::run_kshrink(small.submission(daemon.server.url));
      REQUIRE_MESSAGE(submitted.exit_code == 0, submitted.err);
    }
    auto until = std::chrono::steady_clock::now() + 20min;
    while (!kill.now() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(100ms);
    REQUIRE(kill.now());
    auto pids = test::live_processes_mentioning("127.0.0.1:" + std::to_string(daemon.port));
    REQUIRE(pids.size() == 1);
    ::kill(pids[0], SIGKILL);
    daemon.process.stop(); // reaps it
    // Its run got SIGTERM as the daemon died, and ends interrupted, not running on.
    for (int i = 0; i < 600 && !test::live_processes_mentioning(db.string()).empty(); ++i)
      std::this_thread::sleep_for(100ms);
    tally.left_running += test::live_processes_mentioning(db.string()).size();
    tally.after_kill(db);
    storage::Database database(db);
    CHECK(storage::RunStore(database).get(1)->state == storage::RunState::interrupted);
  }
  test::Daemon last(dir.path());
  auto result = last.wait_for(
      1, [](const auto& run) { return run["state"] == "done" || run["state"] == "failed"; }, 20min);
  CHECK(result["state"] == "done");
  CHECK(result["best_bytes"] == expected["best_bytes"]);
  auto best = service::client::send_ok(last.server, "GET", "/api/runs/1/best").body;
  CHECK(kconfig::ConfigFile::parse(best).hash() ==
        kconfig::ConfigFile::load(expected["best_config"].get<std::string>()).hash());
  tally.check("kshrink serve", db);
  last.process.stop();

  // Then 20 kills at seeded random moments while a second, identical run replays the first
  // one's verdicts: in the middle of resolving, reading a stored verdict, committing a trial
  // or changing the run's state. The next daemon resumes it every time.
  std::mt19937 random(20261206);
  std::uniform_int_distribution<int> after_ms(300, 6000);
  size_t landed = 0, left_running = 0;
  for (int kill = 0; kill < 20; ++kill) {
    CAPTURE(kill);
    test::Daemon daemon(dir.path());
    if (kill == 0) {
      REQUIRE(test::run_kshrink(small.submission(daemon.server.url)).exit_code == 0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(random)));
    auto pids = test::live_processes_mentioning("127.0.0.1:" + std::to_string(daemon.port));
    REQUIRE(pids.size() == 1);
    ::kill(pids[0], SIGKILL);
    daemon.process.stop();
    for (int i = 0; i < 600 && !test::live_processes_mentioning(db.string()).empty(); ++i)
      std::this_thread::sleep_for(100ms);
    left_running += test::live_processes_mentioning(db.string()).size() + orphans(builders());
    tally.count_lost(db); // integrity checked too
    storage::Database database(db);
    landed += storage::RunStore(database).get(2)->state != storage::RunState::done;
  }
  test::Daemon after(dir.path());
  auto replayed = after.wait_for(
      2, [](const auto& run) { return run["state"] == "done" || run["state"] == "failed"; }, 20min);
  CHECK(replayed["state"] == "done");
  CHECK(replayed["best_bytes"] == expected["best_bytes"]);
  tally.count_lost(db);
  MESSAGE("kshrink serve, replaying: kill -9 landed " << landed << "/20 while its run was "
                                                      << "unfinished; verdicts lost " << tally.lost
                                                      << "; processes left running "
                                                      << left_running);
  CHECK(landed >= 10);
  CHECK(tally.lost == 0);
  CHECK(left_running == 0);
  CHECK(built_twice(db) == 0);
}
