// Unit tests of the optimizer on synthetic kernels: 1-minimal results, independence from the
// number of workers, no failing candidate ever accepted, pins, budgets and the verdict cache.
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace kshrink::optimizer;

namespace {

struct Run {
  std::string best_hash;
  uint64_t best_bytes = 0, start_bytes = 0;
  size_t builds = 0;
  std::vector<Acceptance> accepted;
};

/// An observer that can look at the engine it watches (its best config at each trial).
struct Watcher : EngineObserver {
  const Engine* engine = nullptr;
};

Run minimize(SyntheticKernel& kernel, const std::string& strategy, int workers,
             EngineSettings settings = {}, Watcher* watcher = nullptr) {
  settings.workers = workers;
  settings.estimate = [&](const kshrink::kconfig::Symbol& s) { return kernel.size_of(s.name); };
  Engine engine(kernel, kernel, kernel, settings, watcher);
  if (watcher) watcher->engine = &engine;
  engine.start(kernel.start_config());
  make_strategy(strategy)->run(engine);
  return {engine.best().hash, engine.best_bytes(), engine.start_bytes(), engine.builds(),
          engine.accepted()};
}

} // namespace

TEST_CASE("ddmin and split end 1-minimal: no remaining symbol can be removed alone") {
  for (const char* strategy : {"ddmin", "split"}) {
    CAPTURE(strategy);
    SyntheticKernel kernel({.symbols = 400, .seed = 7});
    EngineSettings settings;
    settings.estimate = [&](const kshrink::kconfig::Symbol& s) { return kernel.size_of(s.name); };
    Engine engine(kernel, kernel, kernel, settings);
    engine.start(kernel.start_config());
    make_strategy(strategy)->run(engine);
    CHECK(engine.best_bytes() < engine.start_bytes());
    size_t tried = 0;
    for (const auto& target : engine.targets()) {
      auto config = engine.best().config;
      config.set(target.symbol, "n");
      auto resolved = kernel.resolve(config);
      if (resolved.hash == engine.best().hash) continue; // selected: cannot go alone
      auto truth = kernel.truth(resolved.config);
      CHECK_FALSE((truth.verdict == Verdict::pass && truth.bytes < engine.best_bytes()));
      ++tried;
    }
    CHECK(tried > 0);
  }
}

TEST_CASE("the result is the same with 1 and 4 workers, for every strategy") {
  REQUIRE_FALSE(strategy_entries().empty());
  for (const auto& entry : strategy_entries()) {
    const std::string& strategy = entry.name;
    CAPTURE(strategy);
    SyntheticKernel one({.symbols = 300, .seed = 11}), four({.symbols = 300, .seed = 11});
    auto a = minimize(one, strategy, 1), b = minimize(four, strategy, 4);
    CHECK(a.best_hash == b.best_hash);
    CHECK(a.best_bytes == b.best_bytes);
    CHECK(a.accepted.size() == b.accepted.size());
  }
}

TEST_CASE("every accepted step and the best pass their checks and shrink the kernel") {
  REQUIRE_FALSE(strategy_entries().empty());
  for (const auto& entry : strategy_entries()) {
    CAPTURE(entry.name);
    SyntheticKernel kernel({.symbols = 500, .seed = 3, .together_pairs = 20, .build_pairs = 20});
    struct Watch : EngineObserver {
      std::vector<Trial> trials;
      void on_trial(const Trial& t) override { trials.push_back(t); }
    } watch;
    Engine observed(kernel, kernel, kernel, {.workers = 2}, &watch);
    observed.start(kernel.start_config());
    make_strategy(entry.name)->run(observed);
    uint64_t previous = observed.start_bytes();
    for (const auto& step : observed.accepted()) {
      CHECK(step.bytes_after < step.bytes_before);
      CHECK(step.bytes_before == previous);
      previous = step.bytes_after;
    }
    CHECK(kernel.truth(observed.best().config).verdict == Verdict::pass);
    size_t failures = 0;
    for (const auto& trial : watch.trials) {
      if (trial.accepted) CHECK(trial.outcome.verdict == Verdict::pass);
      failures += trial.outcome.verdict == Verdict::boot_failed ||
                  trial.outcome.verdict == Verdict::build_failed;
    }
    CHECK(failures > 0); // the model has traps, and the search met them
  }
}

TEST_CASE("no resolved config is judged twice, and unchanged candidates cost no build") {
  REQUIRE_FALSE(strategy_entries().empty());
  for (const auto& entry : strategy_entries()) {
    CAPTURE(entry.name);
    SyntheticKernel kernel({.symbols = 400, .seed = 5});
    auto run = minimize(kernel, entry.name, 3);
    CHECK(kernel.most_judgements_of_one_config() == 1);
    CHECK(kernel.judgements() == run.builds + 1); // + the start config
  }
}

TEST_CASE("a start config that fails its checks is refused with the reason") {
  SyntheticKernel kernel({.symbols = 200, .seed = 2});
  auto start = kernel.start_config();
  auto empty = kshrink::kconfig::ConfigFile::parse("");
  Engine engine(kernel, kernel, kernel, {});
  CHECK_THROWS_AS(engine.start(empty), StartRejected);
  CHECK_NOTHROW(engine.start(start));
}

TEST_CASE("a start config that gets no answer is the machine's fault, not a refusal") {
  SyntheticKernel kernel({.symbols = 50, .seed = 2});
  struct Broken : Oracle {
    Outcome judge(const kshrink::kconfig::ResolvedConfig&, const std::atomic<bool>*) override {
      return {.verdict = Verdict::infra_error, .detail = "\nccache: error: bad\nmake: Error 2"};
    }
  } broken;
  Engine engine(kernel, kernel, broken, {});
  try {
    engine.start(kernel.start_config());
    FAIL("the start was accepted");
  } catch (const CannotJudge& e) {
    CHECK(std::string(e.what()).ends_with("not the config's): ccache: error: bad"));
    CHECK(e.detail == "\nccache: error: bad\nmake: Error 2");
    CHECK(e.exit_code() == kshrink::util::exit_codes::environment);
  }
}

TEST_CASE("--keep symbols are never removed, --drop symbols start off") {
  SyntheticKernel kernel({.symbols = 300, .seed = 9});
  auto table = kernel.symbols(kernel.resolve(kernel.start_config()).config);
  // Dropped: one whose absence the checks do not notice, so the start still passes.
  auto passes_without = [&](const std::string& symbol) {
    auto config = kernel.start_config();
    config.set(symbol, "n");
    return kernel.truth(kernel.resolve(config).config).verdict == Verdict::pass;
  };
  std::string kept, dropped;
  for (const auto& s : table.symbols())
    if (s.has_prompt && s.value == "y" && s.selected_by.empty() && s.depends_symbols.empty()) {
      if (kept.empty())
        kept = s.name;
      else if (dropped.empty() && passes_without(s.name))
        dropped = s.name;
    }
  REQUIRE_FALSE(dropped.empty());
  Engine engine(kernel, kernel, kernel, {.keep = {kept}, .drop = {dropped}});
  engine.start(kernel.start_config());
  CHECK(engine.best().config.value(dropped).value_or("n") == "n");
  make_strategy("ddmin")->run(engine);
  CHECK(engine.best().config.value(kept) == "y");
}

TEST_CASE("a kept symbol keeps what it depends on: they are never removal targets") {
  SyntheticKernel kernel({.symbols = 400, .seed = 13});
  auto table = kernel.symbols(kernel.resolve(kernel.start_config()).config);
  std::string kept, dependency;
  for (const auto& s : table.symbols())
    if (kept.empty() && s.has_prompt && s.value == "y" && !s.depends_symbols.empty())
      for (const auto& d : s.depends_symbols)
        if (const auto* dep = table.find(d); dep && dep->has_prompt && dep->value == "y") {
          kept = s.name;
          dependency = d;
          break;
        }
  REQUIRE_FALSE(kept.empty());
  Engine engine(kernel, kernel, kernel, {.keep = {kept}});
  engine.start(kernel.start_config());
  auto targets = engine.targets();
  CHECK(std::none_of(targets.begin(), targets.end(),
                     [&](const Target& t) { return t.symbol == kept || t.symbol == dependency; }));
  make_strategy("ddmin")->run(engine);
  CHECK(engine.best().config.value(kept) == "y");
  CHECK(engine.best().config.value(dependency) == "y");
}

TEST_CASE("what the checks need is kept where the start config enables it, ignored elsewhere") {
  SyntheticKernel kernel({.symbols = 300, .seed = 9});
  auto table = kernel.symbols(kernel.resolve(kernel.start_config()).config);
  std::string needed;
  for (const auto& s : table.symbols())
    if (needed.empty() && s.has_prompt && s.value == "y" && s.selected_by.empty()) needed = s.name;
  REQUIRE_FALSE(needed.empty());
  Engine engine(kernel, kernel, kernel, {.needed = {needed, "NOT_A_SYMBOL"}});
  engine.start(kernel.start_config()); // a need the start lacks is no reason to refuse it
  auto targets = engine.targets();
  CHECK(std::none_of(targets.begin(), targets.end(),
                     [&](const Target& t) { return t.symbol == needed; }));
  make_strategy("ddmin")->run(engine);
  CHECK(engine.best().config.value(needed) == "y");
}

TEST_CASE("a --keep that the start config does not enable cannot hold") {
  SyntheticKernel kernel({.symbols = 100, .seed = 4});
  Engine engine(kernel, kernel, kernel, {.keep = {"NOT_A_SYMBOL"}});
  CHECK_THROWS_WITH_AS(engine.start(kernel.start_config()),
                       doctest::Contains("--keep NOT_A_SYMBOL"), StartRejected);
}

TEST_CASE("a build budget stops the search with a passing best") {
  SyntheticKernel kernel({.symbols = 600, .seed = 8});
  EngineSettings settings;
  settings.max_builds = 10;
  auto run = minimize(kernel, "ddmin", 4, settings);
  CHECK(run.builds <= 10);
  CHECK(run.best_bytes <= run.start_bytes);
}

TEST_CASE("ddmin needs fewer builds than linear") {
  SyntheticKernel a({.symbols = 600, .seed = 12}), b({.symbols = 600, .seed = 12});
  auto ddmin = minimize(a, "ddmin", 1), linear = minimize(b, "linear", 1);
  MESSAGE("600 symbols: ddmin " << ddmin.builds << " builds, linear " << linear.builds);
  CHECK(ddmin.builds < linear.builds);
}

TEST_CASE("linear follows ktest: parents before their dependents, a failed removal kept for good") {
  // In this kernel some symbols have more dependents than their parents: sorting by
  // dependents alone would try them first.
  SyntheticKernel kernel({.symbols = 800, .seed = 4});
  struct Order : Watcher {
    const kshrink::kconfig::SymbolTable table;
    std::set<std::string> tried, failed;
    size_t parent_after = 0, retried = 0;
    explicit Order(SyntheticKernel& kernel) : table(kernel.symbols(kernel.start_config())) {}
    void on_trial(const Trial& trial) override {
      REQUIRE(trial.mutations.size() == 1); // one symbol per trial
      const std::string& symbol = trial.mutations.front().symbol;
      if (failed.contains(symbol)) ++retried;
      for (const auto& parent : table.find(symbol)->depends_symbols)
        if (table.find(parent)->visible == "y" && !tried.contains(parent) &&
            engine->best().config.value(parent) == "y")
          ++parent_after; // a removable parent still on, never tried
      tried.insert(symbol);
      if (trial.outcome.computed && !trial.accepted) failed.insert(symbol);
    }
  } order(kernel);
  auto run = minimize(kernel, "linear", 1, {}, &order);
  CHECK(run.best_bytes < run.start_bytes);
  CHECK(order.failed.size() > 0);
  CHECK(order.parent_after == 0);
  CHECK(order.retried == 0);
}

TEST_CASE("ddmin builds no removal that takes away all that is left of a failed one") {
  // Nor, in its single-symbol search, a symbol such a removal left alone or what it depends
  // on: those wait for the proof that tries every symbol alone.
  SyntheticKernel kernel({.symbols = 800, .seed = 5});
  struct Evidence : Watcher {
    const kshrink::kconfig::SymbolTable table;
    std::string phase;
    std::vector<std::vector<std::string>> failed;
    size_t searched = 0, implied = 0, proved = 0;
    explicit Evidence(SyntheticKernel& kernel) : table(kernel.symbols(kernel.start_config())) {}
    /// `symbols` and what depends on them, transitively.
    std::set<std::string> taken_away(const std::vector<std::string>& symbols) const {
      std::set<std::string> away(symbols.begin(), symbols.end());
      for (bool grew = true; grew;) {
        grew = false;
        for (const auto& s : table.symbols())
          for (const auto& parent : s.depends_symbols)
            if (away.contains(parent) && away.insert(s.name).second) grew = true;
      }
      return away;
    }
    void on_phase(const Phase& p) override { phase = p.name; }
    void on_trial(const Trial& trial) override {
      if (!trial.outcome.computed) return;
      auto removing = removed_symbols(trial.mutations);
      if (phase.starts_with("chunks of") || phase == "1-minimality: one symbol at a time") {
        ++searched;
        auto away = taken_away(removing);
        for (const auto& earlier : failed) {
          size_t on = 0, within = 0;
          for (const auto& symbol : earlier)
            if (engine->best().config.value(symbol) == "y") ++on, within += away.contains(symbol);
          implied += on > 0 && on == within;
        }
      }
      proved += phase == "1-minimality: each symbol alone";
      if (trial.outcome.verdict == Verdict::boot_failed ||
          trial.outcome.verdict == Verdict::build_failed)
        failed.push_back(removing);
    }
  } evidence(kernel);
  minimize(kernel, "ddmin", 1, {}, &evidence);
  CHECK(evidence.failed.size() > 0);
  CHECK(evidence.searched > 0);
  CHECK(evidence.proved > 0);
  CHECK(evidence.implied == 0);
}

TEST_CASE("split tries every target in one group first: what nothing needs goes in a few builds") {
  SyntheticKernel kernel({.symbols = 300,
                          .seed = 4,
                          .needed_fraction = 0,
                          .together_pairs = 0,
                          .build_pairs = 0,
                          .either_pairs = 0,
                          .choices = 0,
                          .gated = 0});
  auto split = minimize(kernel, "split", 1);
  CHECK(split.best_bytes < split.start_bytes);
  CHECK(split.builds <= 3); // one group of all, not one symbol at a time
}

TEST_CASE("an unknown strategy lists the valid ones") {
  CHECK_THROWS_WITH(make_strategy("annealing"),
                    doctest::Contains("valid strategies are ddmin, split, linear"));
}
