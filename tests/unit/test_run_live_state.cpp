// Unit tests of a run's live state: the ETA to the end of the budget, the file the run writes
// as it moves, and the status frame `kshrink status` draws from the API's run object.
#include "run/live_state.h"
#include "service/cli/status_view.h"
#include "tests/test_support.h"
#include "util/files.h"
#include "util/human_units.h"

#include <doctest/doctest.h>

using namespace kshrink;
using namespace std::chrono_literals;

TEST_CASE("the ETA is the time left of a time budget, or the builds left at the pace so far") {
  optimizer::EngineSettings time_budget{.max_time = 3600s};
  CHECK(run::seconds_to_budget_end(time_budget, {.builds = 3, .time = 600s}) == 3000);
  CHECK(run::seconds_to_budget_end(time_budget, {.builds = 3, .time = 4000s}) == 0);
  optimizer::EngineSettings build_budget{.max_builds = 40};
  CHECK_FALSE(run::seconds_to_budget_end(build_budget, {}).has_value()); // no pace yet
  CHECK(run::seconds_to_budget_end(build_budget, {.builds = 10, .time = 600s}) == 1800);
  optimizer::EngineSettings both{.max_builds = 40, .max_time = 1000s};
  CHECK(run::seconds_to_budget_end(both, {.builds = 10, .time = 600s}) == 400); // the sooner
  CHECK_FALSE(run::seconds_to_budget_end({}, {.builds = 10, .time = 600s}).has_value());
}

TEST_CASE("the live state file follows the run: steps, phases, candidates, acceptances") {
  auto dir = test::temp_dir();
  auto file = dir.path() / "live.json";
  optimizer::EngineSettings budget{.max_time = 3600s};
  run::LiveStateWriter live(file, budget);
  live.step("sanity check");
  auto state = nlohmann::json::parse(util::read_file(file));
  CHECK(state["phase"] == "sanity check");
  CHECK(state["eta_seconds"].is_null()); // no engine yet
  live.on_phase({"chunks of 12 symbols", 5});
  live.on_accept({.mutations = {{"MODULES", "n"}}, .bytes_before = 2000, .bytes_after = 1500});
  state = nlohmann::json::parse(util::read_file(file));
  CHECK(state["phase"] == "chunks of 12 symbols");
  CHECK(state["planned"] == 5);
  CHECK(state["accepted"] == 1);
  CHECK(state["best_bytes"] == 1500);
  CHECK(!state["updated_at"].get<std::string>().empty());
}

TEST_CASE("the status frame shows size, builds, phase, a budget bar that fits, and the log") {
  nlohmann::json run = {{"id", 4},
                        {"state", "running"},
                        {"checks", "boot,ext4"},
                        {"strategy", "ddmin"},
                        {"start_bytes", 1610752},
                        {"best_bytes", 1221632},
                        {"history", nlohmann::json::array({1, 2})},
                        {"builds", {{"pass", 3}, {"too_big", 5}}},
                        {"trials", {{"pass", 3}, {"too_big", 5}, {"unchanged", 2}}},
                        {"error", ""},
                        {"live",
                         {{"phase", "choice switches"},
                          {"position", 3},
                          {"planned", 22},
                          {"elapsed_seconds", 1800.0},
                          {"eta_seconds", 1800.0},
                          {"candidate", "HZ_100=y"},
                          {"last_trial", "too_big: MK8=y"}}},
                        {"log_tail", "kshrink: line one\nkshrink: " + std::string(200, 'x')}};
  std::string frame = service::cli::status_frame(run, 60);
  CHECK(frame.find("size:     1.54 MiB -> 1.17 MiB (24.2% saved)\naccepted: 2 steps") !=
        std::string::npos);
  CHECK(frame.find("builds:   pass=3 too_big=5") != std::string::npos);
  CHECK(frame.find("phase:    choice switches (3/22)") != std::string::npos);
  CHECK(frame.find("ETA 30m00s to the end of the budget") != std::string::npos);
  CHECK(frame.find("trying:   HZ_100=y") != std::string::npos);
  CHECK(frame.find("  kshrink: line one") != std::string::npos);
  for (size_t at = 0, next; at < frame.size(); at = next + 1) {
    next = frame.find('\n', at);
    CHECK(next - at <= 60); // every line fits the width
  }
  // Half of the budget: 21 of the bar's 42 columns (60, less the label, brackets and percent).
  CHECK(frame.find("[" + std::string(21, '#') + std::string(21, '-') + "]  50%") !=
        std::string::npos);

  run["state"] = "failed";
  run["live"] = nullptr;
  run["error"] = "base fails boot";
  frame = service::cli::status_frame(run, 80);
  CHECK(frame.find("error:    base fails boot") != std::string::npos);
  CHECK(frame.find("phase:") == std::string::npos);
  CHECK(util::duration_text(3900) == "1h05m");
  CHECK(util::duration_text(42) == "42s");
}

TEST_CASE("tail_lines reads the last lines of a file, and nothing of a missing one") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "log", "one\ntwo\nthree\n\n");
  CHECK(util::tail_lines(dir.path() / "log", 2) == "two\nthree");
  CHECK(util::tail_lines(dir.path() / "log", 10) == "one\ntwo\nthree");
  CHECK(util::tail_lines(dir.path() / "missing", 3).empty());
  util::write_file_atomic(dir.path() / "empty", ""); // a run's log as the run starts
  CHECK(util::tail_lines(dir.path() / "empty", 3).empty());
  util::write_file_atomic(dir.path() / "one", "only");
  CHECK(util::tail_lines(dir.path() / "one", 3) == "only");
  util::write_file_atomic(dir.path() / "blank first", "\nlast\n");
  CHECK(util::tail_lines(dir.path() / "blank first", 1) == "last");
  CHECK(util::tail_lines(dir.path() / "blank first", 5) == "\nlast");
}
