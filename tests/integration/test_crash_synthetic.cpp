// Crash safety on the synthetic kernel: a run in its own process (tests/crash/synthetic_run.cpp)
// is killed with SIGKILL at 20 seeded random moments (in a judgement, between them, in a commit,
// in an acceptance: wherever the clock falls), once or twice each, then resumed to its end.
// After every kill the database passes PRAGMA integrity_check and holds every verdict it held
// before; the resumed run ends with the uninterrupted run's best config; a config is judged
// again only if it was in flight when the process died.
#include "tests/test_support.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <map>
#include <random>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using namespace std::chrono_literals;

extern char** environ;

namespace {

constexpr const char* seed = "21";
constexpr const char* delay_ms = "5"; // per judgement: the run lasts about a second

/// Starts the synthetic run on `db`; returns its pid.
pid_t start_run(const fs::path& db, const fs::path& log) {
  std::vector<std::string> args = {KSHRINK_CRASH_RUN, db.string(), log.string(), seed, delay_ms};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, (db.string() + ".out").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

/// Waits for `pid`; true if SIGKILL ended it (false: it had finished).
bool reap(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/// The run to its end, uninterrupted: its best config's hash.
std::string run_to_end(const fs::path& db, const fs::path& log) {
  pid_t pid = start_run(db, log);
  CHECK_FALSE(reap(pid));
  std::string out = util::read_file(db.string() + ".out");
  return out.substr(0, out.find('\n'));
}

/// Every verdict the database holds: config hash -> verdict (none if it died before it made
/// its tables, or its file).
std::map<std::string, std::string> verdicts_in(const fs::path& db) {
  std::map<std::string, std::string> verdicts;
  if (!fs::exists(db)) return verdicts;
  SQLite::Database sql(db.string(), SQLite::OPEN_READONLY);
  CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
  if (!sql.tableExists("verdicts")) return verdicts;
  SQLite::Statement query(sql, "SELECT config_hash, verdict FROM verdicts");
  while (query.executeStep())
    verdicts[query.getColumn(0).getString()] = query.getColumn(1).getString();
  return verdicts;
}

/// How many judgements in the log repeat a config judged before.
size_t repeated_judgements(const fs::path& log) {
  std::set<std::string> seen;
  size_t repeats = 0;
  std::istringstream lines(util::read_file(log));
  for (std::string hash; std::getline(lines, hash);)
    repeats += !seen.insert(hash).second;
  return repeats;
}

} // namespace

TEST_CASE("a synthetic run killed -9 at 20 seeded random moments resumes to the same result") {
  auto reference_dir = test::temp_dir();
  auto started = std::chrono::steady_clock::now();
  std::string expected =
      run_to_end(reference_dir.path() / "kshrink.db", reference_dir.path() / "judged.log");
  auto length = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  REQUIRE(!expected.empty());
  CHECK(repeated_judgements(reference_dir.path() / "judged.log") == 0);

  std::mt19937 random(2026);
  std::uniform_int_distribution<long> moment(5, std::max(10L, long(length.count() * 9 / 10)));
  size_t kills = 0, tried = 0, repeats = 0, lost = 0;
  for (int scenario = 0; scenario < 20; ++scenario) {
    CAPTURE(scenario);
    auto dir = test::temp_dir();
    fs::path db = dir.path() / "kshrink.db", log = dir.path() / "judged.log";
    std::map<std::string, std::string> committed;
    size_t kills_here = 0;
    for (int k = 0; k < 1 + scenario % 2; ++k) { // a second kill, of the resumed run, every other
      pid_t pid = start_run(db, log);
      std::this_thread::sleep_for(std::chrono::milliseconds(moment(random)));
      ::kill(pid, SIGKILL);
      ++tried;
      if (!reap(pid)) continue; // it had ended first
      ++kills_here;
      auto now = verdicts_in(db);
      for (const auto& [hash, verdict] : committed)
        lost += !now.contains(hash) || now.at(hash) != verdict;
      committed = now;
    }
    kills += kills_here;
    CHECK(run_to_end(db, log) == expected);
    auto final_verdicts = verdicts_in(db);
    for (const auto& [hash, verdict] : committed)
      lost += !final_verdicts.contains(hash) || final_verdicts.at(hash) != verdict;
    // Only what was in flight when it died is judged again: at most two configs (two workers)
    // per kill.
    size_t repeats_here = repeated_judgements(log);
    CHECK(repeats_here <= 2 * kills_here);
    repeats += repeats_here;
  }
  MESSAGE("kill -9 tried " << tried << ", landed " << kills << " (the others after the run ended); "
                           << "verdicts lost " << lost << "; configs judged again " << repeats
                           << " (in flight at a kill); run length " << length.count() << " ms");
  CHECK(kills >= 20);
  CHECK(lost == 0);
}
