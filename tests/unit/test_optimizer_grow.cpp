// Unit tests of the grow phase on synthetic kernels: from a failing base it finds a passing
// config within the start config's options, never takes a failing one, gives the same
// result with 1 and 4 workers, and resumes after a crash at any point without judging a
// config twice.
#include "optimizer/engine.h"
#include "optimizer/grow.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <mutex>

using namespace kshrink;
using namespace kshrink::optimizer;

namespace {

/// Verdicts kept across "crashes", as the verdict store keeps them: an oracle that answers
/// from memory first; it raises `stop` once `crash_after` verdicts were computed.
struct RememberingOracle : Oracle {
  explicit RememberingOracle(SyntheticKernel& kernel) : kernel(kernel) {}
  Outcome judge(const kconfig::ResolvedConfig& config, const std::atomic<bool>* cancel) override {
    {
      std::lock_guard lock(mutex);
      if (auto it = memory.find(config.hash); it != memory.end()) return it->second;
      if (stop) return {Verdict::cancelled};
    }
    Outcome outcome = kernel.judge(config, cancel);
    std::lock_guard lock(mutex);
    memory[config.hash] = outcome;
    if (++computed == crash_after) stop = true;
    return outcome;
  }
  SyntheticKernel& kernel;
  std::mutex mutex;
  std::map<std::string, Outcome> memory;
  size_t computed = 0, crash_after = 0;
  std::atomic<bool> stop{false};
};

/// A base that fails: the start config with its first needed-looking half turned off,
/// the way a profile that misses something leaves a base.
kconfig::ResolvedConfig failing_base(SyntheticKernel& kernel) {
  kconfig::ConfigFile config = kernel.start_config();
  for (const auto& [symbol, value] : config.assignments())
    if (value == "y") config.set(symbol, "n");
  return kernel.resolve(config);
}

GrowResult grow_from_base(SyntheticKernel& kernel, Oracle& oracle, int workers,
                          const std::atomic<bool>* stop = nullptr) {
  auto base = failing_base(kernel);
  Outcome outcome = kernel.truth(base.config);
  auto start = kernel.symbols(kernel.resolve(kernel.start_config()).config);
  return grow(kernel, oracle, base, outcome, start, {.workers = workers, .stop = stop});
}

} // namespace

TEST_CASE("grow finds a passing config from a failing base, within the start config") {
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    SyntheticKernel kernel({.symbols = 600, .seed = seed});
    auto base = failing_base(kernel);
    REQUIRE(kernel.truth(base.config).verdict != Verdict::pass);
    auto result = grow_from_base(kernel, kernel, 1);
    REQUIRE(result.passing);
    MESSAGE("seed " << seed << ": " << result.judged << " judged, " << result.added.size()
                    << " options added");
    CHECK(kernel.truth(result.passing->config).verdict == Verdict::pass);
    CHECK_FALSE(result.base_failure.empty());
    auto start = kernel.resolve(kernel.start_config()).config;
    for (const auto& symbol : result.added)
      CHECK(start.value(symbol) == "y");
    // Candidates stay near the small end: far fewer options than the start config has.
    CHECK(result.passing->config.count_enabled() < start.count_enabled());
    // The shrink then starts from it and ends on a passing config.
    Engine engine(kernel, kernel, kernel, {});
    engine.start(result.passing->config);
    make_strategy("ddmin")->run(engine);
    CHECK(kernel.truth(engine.best().config).verdict == Verdict::pass);
  }
}

TEST_CASE("grow gives the same result with 1 and 4 workers") {
  SyntheticKernel one({.symbols = 500, .seed = 5}), four({.symbols = 500, .seed = 5});
  auto a = grow_from_base(one, one, 1), b = grow_from_base(four, four, 4);
  REQUIRE(a.passing);
  REQUIRE(b.passing);
  CHECK(a.passing->hash == b.passing->hash);
  CHECK(a.added == b.added);
}

TEST_CASE("grow resumes after a crash at any point with the same result, judging nothing twice") {
  SyntheticKernel reference_kernel({.symbols = 400, .seed = 9});
  auto reference = grow_from_base(reference_kernel, reference_kernel, 1);
  REQUIRE(reference.passing);
  for (size_t crash_after = 1; crash_after <= reference.judged; ++crash_after) {
    CAPTURE(crash_after);
    SyntheticKernel kernel({.symbols = 400, .seed = 9});
    RememberingOracle oracle(kernel);
    oracle.crash_after = crash_after;
    auto interrupted = grow_from_base(kernel, oracle, 2, &oracle.stop);
    oracle.stop = false;
    oracle.crash_after = 0;
    auto resumed = grow_from_base(kernel, oracle, 2, &oracle.stop);
    REQUIRE(resumed.passing);
    CHECK(resumed.passing->hash == reference.passing->hash);
    CHECK(kernel.most_judgements_of_one_config() == 1);
  }
}

TEST_CASE("grow says so when even all of the start config's options do not pass") {
  SyntheticKernel kernel({.symbols = 300, .seed = 4});
  auto base = failing_base(kernel);
  // A start table with nothing to add: nothing can make the base pass.
  auto result =
      grow(kernel, kernel, base, kernel.truth(base.config), kernel.symbols(base.config), {});
  CHECK_FALSE(result.passing);
  CHECK(result.reason.find("still fails") != std::string::npos);
}

TEST_CASE("a candidate that cannot be judged ends grow with the reason, not as a failure") {
  SyntheticKernel kernel({.symbols = 300, .seed = 4});
  struct BrokenMachine : Oracle {
    Outcome judge(const kconfig::ResolvedConfig&, const std::atomic<bool>*) override {
      return {.verdict = Verdict::infra_error, .detail = "no space left on device"};
    }
  } broken;
  auto result = grow_from_base(kernel, broken, 2);
  CHECK_FALSE(result.passing);
  CHECK(result.reason.find("could not be judged") != std::string::npos);
  CHECK(result.reason.find("no space left on device") != std::string::npos);
}

TEST_CASE("grow never adds an option it is told never to add") {
  SyntheticKernel kernel({.symbols = 600, .seed = 1});
  auto reference = grow_from_base(kernel, kernel, 1);
  REQUIRE(reference.passing);
  REQUIRE_FALSE(reference.added.empty());
  // Forbid the first option grow added: it is not in the order, so never in `added`.
  std::string forbidden = reference.added.front();
  SyntheticKernel again({.symbols = 600, .seed = 1});
  auto base = failing_base(again);
  auto start = again.symbols(again.resolve(again.start_config()).config);
  auto result = grow(again, again, base, again.truth(base.config), start, {.never = {forbidden}});
  CHECK(std::find(result.added.begin(), result.added.end(), forbidden) == result.added.end());
}
