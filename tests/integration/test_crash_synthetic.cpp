// Crash safety on the synthetic kernel: a run in its own process (tests/crash/synthetic_run.cpp)
// is killed with SIGKILL at 20 seeded random moments (in a judgement, between them, in a commit,
// in an acceptance: wherever the clock falls), once or twice each, then resumed to its end.
// After every kill the database passes PRAGMA integrity_check and holds every verdict it held
// before; the resumed run ends with the uninterrupted run's best config; a config is judged
// again only if it was in flight when the process died.
#include "tests/crash/crash_support.h"
#include "tests/test_support.h"

#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using namespace std::chrono_literals;

namespace {

constexpr const char* seed = "21";
constexpr const char* delay_ms = "5"; // per judgement: the run lasts about a second

/// Starts the synthetic run on `db`; returns its pid.
pid_t start_run(const fs::path& db, const fs::path& log) {
  return test::spawn({KSHRINK_CRASH_RUN, db.string(), log.string(), seed, delay_ms},
                     db.string() + ".out");
}

/// The run to its end, uninterrupted: its best config's hash.
std::string run_to_end(const fs::path& db, const fs::path& log) {
  pid_t pid = start_run(db, log);
  CHECK_FALSE(test::reaped_killed(pid));
  std::string out = util::read_file(db.string() + ".out");
  return out.substr(0, out.find('\n'));
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
      if (!test::reaped_killed(pid)) continue; // it had ended first
      ++kills_here;
      auto now = test::verdicts_in(db);
      lost += test::verdicts_lost(committed, now);
      committed = now;
    }
    kills += kills_here;
    CHECK(run_to_end(db, log) == expected);
    lost += test::verdicts_lost(committed, test::verdicts_in(db));
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
