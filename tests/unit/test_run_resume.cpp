// Unit tests of resuming: a synthetic run killed after any number of verdicts, resumed on the
// same SQLite file, ends exactly where an uninterrupted run ends, and no config is judged twice;
// a run under a budget goes on with what is left of it.
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"
#include "run/run_recorder.h"
#include "run/stored_oracle.h"
#include "storage/run_store.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

#include <thread>

using namespace kshrink;
using namespace kshrink::optimizer;

namespace {

/// An oracle that dies (as kill -9 would) after `limit` judgements.
struct CrashingOracle : Oracle {
  Oracle& inner;
  size_t limit, done = 0;
  CrashingOracle(Oracle& inner, size_t limit) : inner(inner), limit(limit) {}
  Outcome judge(const kconfig::ResolvedConfig& c, const std::atomic<bool>* cancel) override {
    if (done++ == limit) throw std::runtime_error("power loss");
    return inner.judge(c, cancel);
  }
};

/// An oracle whose machine fails once, at judgement `at`: infra_error, no answer.
struct FaultyOracle : Oracle {
  Oracle& inner;
  size_t at, done = 0;
  std::string faulted; ///< the config that got no answer
  FaultyOracle(Oracle& inner, size_t at) : inner(inner), at(at) {}
  Outcome judge(const kconfig::ResolvedConfig& c, const std::atomic<bool>* cancel) override {
    if (done++ != at) return inner.judge(c, cancel);
    faulted = c.hash;
    return {.verdict = Verdict::infra_error, .computed = true, .detail = "No space left on device"};
  }
};

std::string run_to_end(SyntheticKernel& kernel, Oracle& oracle, int workers,
                       const std::string& strategy) {
  Engine engine(kernel, kernel, oracle, {.workers = workers});
  engine.start(kernel.start_config());
  make_strategy(strategy)->run(engine);
  return engine.best().hash;
}

} // namespace

TEST_CASE("a run interrupted at any point resumes to the same result without judging twice") {
  for (const char* strategy : {"ddmin", "split"}) {
    CAPTURE(strategy);
    const SyntheticSpec spec{.symbols = 150, .seed = 21};
    SyntheticKernel reference(spec);
    std::string expected = run_to_end(reference, reference, 1, strategy);
    size_t total = reference.judgements();
    REQUIRE(total > 10);

    for (size_t crash_at : {size_t(0), size_t(1), total / 3, total / 2, total - 2}) {
      auto dir = test::temp_dir();
      SyntheticKernel kernel(spec);
      storage::VerdictKey scope{"synthetic", "boot", "bzimage", ""};
      {
        storage::Database db(dir.path() / "kshrink.db");
        storage::VerdictStore store(db);
        CrashingOracle crashing(kernel, crash_at);
        run::StoredOracle stored(crashing, store, scope);
        CHECK_THROWS(run_to_end(kernel, stored, 2, strategy));
      }
      storage::Database db(dir.path() / "kshrink.db");
      storage::VerdictStore store(db);
      run::StoredOracle stored(kernel, store, scope);
      CHECK(run_to_end(kernel, stored, 2, strategy) == expected);
      CHECK(kernel.most_judgements_of_one_config() == 1);
    }
  }
}

TEST_CASE("a candidate that gets no answer pauses the search, and nothing of it is kept") {
  const SyntheticSpec spec{.symbols = 150, .seed = 23};
  SyntheticKernel reference(spec);
  std::string expected = run_to_end(reference, reference, 1, "ddmin");
  size_t total = reference.judgements();
  for (int workers : {1, 3}) {
    for (size_t fault_at : {size_t(1), total / 2, total - 2}) {
      CAPTURE(workers);
      CAPTURE(fault_at);
      auto dir = test::temp_dir();
      SyntheticKernel kernel(spec);
      storage::VerdictKey scope{"synthetic", "boot", "bzimage", ""};
      FaultyOracle faulty(kernel, fault_at);
      {
        storage::Database db(dir.path() / "kshrink.db");
        storage::VerdictStore store(db);
        run::StoredOracle stored(faulty, store, scope);
        // With several workers, a fault past the window's winner is no answer anyone needed:
        // that search goes on, and only a fault a single worker would have met pauses it.
        try {
          run_to_end(kernel, stored, workers, "ddmin");
          CHECK(workers > 1);
        } catch (const CannotJudge& e) {
          CHECK(std::string(e.what()).ends_with("No space left on device"));
        }
        REQUIRE_FALSE(faulty.faulted.empty());
        scope.config_hash = faulty.faulted;
        CHECK_FALSE(store.find(scope)); // not "needed", not anything
        scope.config_hash.clear();
      }
      storage::Database db(dir.path() / "kshrink.db");
      storage::VerdictStore store(db);
      run::StoredOracle stored(kernel, store, scope);
      CHECK(run_to_end(kernel, stored, workers, "ddmin") == expected);
      CHECK(kernel.most_judgements_of_one_config() == 1);
    }
  }
}

TEST_CASE("a resumed run goes on with what is left of its budget, to the same result") {
  const SyntheticSpec spec{.symbols = 300, .seed = 5};
  const size_t budget = 25;
  SyntheticKernel reference(spec);
  std::string expected;
  {
    Engine engine(reference, reference, reference, {.max_builds = budget});
    engine.start(reference.start_config());
    make_strategy("ddmin")->run(engine);
    expected = engine.best().hash;
    REQUIRE(engine.out_of_budget()); // the budget, not the search, ended it
  }
  // One worker: the build that crashes is the only one in flight, so the builds recorded
  // are exactly the builds made.
  for (size_t crash_at : {size_t(3), budget / 2, budget - 1}) {
    CAPTURE(crash_at);
    auto dir = test::temp_dir();
    SyntheticKernel kernel(spec);
    storage::VerdictKey scope{"synthetic", "boot", "bzimage", ""};
    storage::Database db(dir.path() / "kshrink.db");
    storage::VerdictStore store(db);
    storage::RunStore runs(db);
    int64_t id = runs.create({.state = storage::RunState::running, .settings_json = "{}"});
    auto run_once = [&](Oracle& inner) {
      auto record = runs.get(id);
      run::StoredOracle stored(inner, store, scope);
      Engine engine(
          kernel, kernel, stored,
          {.max_builds = budget,
           .spent = {size_t(record->spent_builds), std::chrono::seconds(record->spent_seconds)}});
      run::RunRecorder recorder(runs, id, engine);
      engine.set_observer(&recorder);
      engine.start(kernel.start_config());
      make_strategy("ddmin")->run(engine);
      return engine.best().hash;
    };
    CrashingOracle crashing(kernel, crash_at);
    CHECK_THROWS(run_once(crashing));
    CHECK(runs.get(id)->spent_builds == int64_t(crash_at) - 1); // the start is not a search build
    CHECK(run_once(kernel) == expected);
    CHECK(runs.get(id)->spent_builds == int64_t(budget));
    CHECK(kernel.most_judgements_of_one_config() == 1);
  }
}

TEST_CASE("a run whose time budget was spent before it was resumed builds nothing more") {
  SyntheticKernel kernel({.symbols = 100, .seed = 3});
  Engine engine(kernel, kernel, kernel,
                {.max_time = std::chrono::seconds(60), .spent = {0, std::chrono::seconds(61)}});
  engine.start(kernel.start_config());
  size_t judged = kernel.judgements();
  make_strategy("ddmin")->run(engine);
  CHECK(engine.out_of_budget());
  CHECK(kernel.judgements() == judged);
  CHECK(engine.best_bytes() == engine.start_bytes());
}

TEST_CASE("a resumed run's clock starts with its first build, not while it replays") {
  SyntheticKernel kernel({.symbols = 100, .seed = 3});
  Engine engine(kernel, kernel, kernel, {.spent = {2, std::chrono::seconds(100)}});
  engine.start(kernel.start_config());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // replaying, as it were
  CHECK(engine.budget_used().time == std::chrono::seconds(100));
  CHECK(engine.budget_used().builds == 2);
  make_strategy("ddmin")->run(engine); // every candidate is new: built
  REQUIRE(engine.builds() > 0);
  CHECK(engine.budget_used().builds == 2 + engine.builds());
  CHECK(engine.budget_used().time < std::chrono::seconds(101)); // the sleep is not counted
}

TEST_CASE("a trial's mutations are stored by symbol, so a replay in another order matches") {
  Candidate one{{"B", "n"}, {"A", "n"}}, other{{"A", "n"}, {"B", "n"}};
  CHECK(run::mutations_json(one) == run::mutations_json(other));
  CHECK(run::mutations_json(one) == R"([{"symbol":"A","value":"n"},{"symbol":"B","value":"n"}])");
}
