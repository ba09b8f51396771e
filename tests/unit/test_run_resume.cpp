// Unit tests of resuming: a synthetic run killed after any number of verdicts, resumed on the
// same SQLite file, ends exactly where an uninterrupted run ends, and no config is judged twice.
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"
#include "run/stored_oracle.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

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
