// Unit tests of FailedRemovals (optimizer/strategies/steps/failed_removals.h) on a synthetic
// kernel: which verdicts count as evidence, which removals are implied to fail, which targets are
// needed and in what order.
#include "optimizer/engine.h"
#include "optimizer/strategies/steps/failed_removals.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kshrink::optimizer;

namespace {

Candidate removing(std::initializer_list<std::string> symbols) {
  Candidate candidate;
  for (const auto& symbol : symbols)
    candidate.push_back({symbol, "n"});
  return candidate;
}

} // namespace

TEST_CASE("a failed removal whose only symbol left on is removed again is implied to fail") {
  SyntheticKernel kernel({.symbols = 300, .seed = 5});
  Engine engine(kernel, kernel, kernel, {});
  engine.start(kernel.start_config());
  REQUIRE(engine.targets().size() >= 6);
  // OFF_* are not on in the best: as if removals that passed had taken them.
  std::string a = engine.targets()[0].symbol, b = engine.targets()[1].symbol,
              c = engine.targets()[2].symbol, p = engine.targets()[3].symbol,
              q = engine.targets()[4].symbol;
  FailedRemovals failed;
  failed.add_failed(
      {removing({a, "OFF_1"}), removing({b}), removing({c}), removing({p, q})},
      {Verdict::boot_failed, Verdict::build_timeout, Verdict::pass, Verdict::build_failed});
  CHECK(failed.implies_failure({a}, engine));
  CHECK(failed.implies_failure({a, c}, engine));
  CHECK_FALSE(failed.implies_failure({b}, engine)); // a build timeout is no evidence of need
  CHECK_FALSE(failed.implies_failure({c}, engine)); // it passed
  CHECK_FALSE(failed.implies_failure({p}, engine)); // q may be the one needed
  CHECK(failed.implies_failure({p, q}, engine));
  CHECK(failed.needed(engine, engine.targets()) == std::vector<std::string>{a});
}

TEST_CASE("needed targets: the oldest evidence first, then what they depend on") {
  SyntheticKernel kernel({.symbols = 400, .seed = 11});
  Engine engine(kernel, kernel, kernel, {});
  engine.start(kernel.start_config());
  const auto& targets = engine.targets();
  auto is_target = [&](const std::string& symbol) {
    return std::any_of(targets.begin(), targets.end(),
                       [&](const Target& t) { return t.symbol == symbol; });
  };
  // A target that depends on another target, and two more unrelated to it.
  const Target* child = nullptr;
  std::string parent;
  for (const auto& target : targets)
    for (const auto& d : target.depends)
      if (!child && is_target(d)) child = &target, parent = d;
  REQUIRE(child);
  std::vector<std::string> others;
  for (const auto& target : targets)
    if (target.symbol != child->symbol && target.symbol != parent && others.size() < 2)
      others.push_back(target.symbol);
  REQUIRE(others.size() == 2);

  FailedRemovals failed;
  failed.add_failed(
      {removing({child->symbol, "OFF_1"}), removing({others[0], "OFF_2"}), removing({others[1]}),
       removing({child->symbol, "OFF_3"})},
      {Verdict::boot_failed, Verdict::boot_timeout, Verdict::build_failed, Verdict::boot_failed});
  // child failed again last: the likeliest to have been freed since, so tried last.
  CHECK(failed.needed(engine, targets) ==
        std::vector<std::string>{others[0], others[1], child->symbol, parent});
}
