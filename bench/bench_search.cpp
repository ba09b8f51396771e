// Search benchmark on synthetic kernels of 500, 2000 and 8000 symbols: builds to converge for
// ddmin and linear side by side, their ratio, the bytes each reached, and the fewest builds
// any strategy could need: every one of the k targets left at a 1-minimal end must be tried
// alone, and with n top-level targets at the start (targets that depend on no other target,
// so any of their subsets may be the needed one) of which k0 are left, a pass/fail verdict
// is at most one bit about which k0 of the n are needed: no search takes fewer than
// max(k, log2 C(n, k0)) builds.
//
//   build/bench/bench_search [--seeds N]
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

using namespace kshrink::optimizer;

namespace {

/// Builds spent in each phase of a strategy, in order.
class PhaseCounter : public EngineObserver {
public:
  void on_phase(const Phase& phase) override { phases.push_back({phase.name, 0}); }
  void on_trial(const Trial& trial) override {
    if (trial.outcome.computed && !phases.empty()) ++phases.back().second;
  }
  std::vector<std::pair<std::string, size_t>> phases;
};

struct Result {
  std::vector<std::pair<std::string, size_t>> phases;
  size_t builds = 0, trials = 0;
  size_t targets_at_end = 0, top_level_at_start = 0, top_level_at_end = 0;
  uint64_t start_bytes = 0, best_bytes = 0;
  double seconds = 0;
};

/// The engine's targets that depend on no other target.
std::set<std::string> top_level_targets(Engine& engine, SyntheticKernel& kernel) {
  std::set<std::string> targets, top_level;
  for (const auto& target : engine.targets())
    targets.insert(target.symbol);
  auto table = kernel.symbols(engine.best().config);
  for (const auto& name : targets) {
    const auto* symbol = table.find(name);
    bool depends_on_target = false;
    for (const auto& used : symbol->depends_symbols)
      depends_on_target = depends_on_target || targets.contains(used);
    if (!depends_on_target) top_level.insert(name);
  }
  return top_level;
}

Result converge(size_t symbols, uint64_t seed, const std::string& strategy) {
  SyntheticKernel kernel({.symbols = symbols, .seed = seed});
  EngineSettings settings;
  settings.estimate = [&](const kshrink::kconfig::Symbol& s) { return kernel.size_of(s.name); };
  auto started = std::chrono::steady_clock::now();
  PhaseCounter phases;
  Engine engine(kernel, kernel, kernel, settings, &phases);
  engine.start(kernel.start_config());
  std::set<std::string> top_level = top_level_targets(engine, kernel);
  make_strategy(strategy)->run(engine);
  size_t targets_at_end = 0, top_level_at_end = 0;
  for (const auto& target : engine.targets()) {
    ++targets_at_end;
    top_level_at_end += top_level.contains(target.symbol);
  }
  return {phases.phases,
          engine.builds(),
          engine.trials(),
          targets_at_end,
          top_level.size(),
          top_level_at_end,
          engine.start_bytes(),
          engine.best_bytes(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

/// Fewest pass/fail verdicts that can tell which k0 of n top-level targets are needed and
/// try each of the k targets left alone.
double lower_bound(size_t n, size_t k0, size_t k) {
  double log2_choose =
      (std::lgamma(double(n) + 1) - std::lgamma(double(k0) + 1) - std::lgamma(double(n - k0) + 1)) /
      std::log(2.0);
  return std::max(double(k), std::ceil(log2_choose));
}

} // namespace

int main(int argc, char** argv) {
  int seeds = 3;
  if (argc == 3 && std::string(argv[1]) == "--seeds" && std::atoi(argv[2]) > 0) {
    seeds = std::atoi(argv[2]);
  } else if (argc != 1) {
    std::fprintf(argc == 2 && std::string(argv[1]) == "--help" ? stdout : stderr,
                 "usage: bench_search [--seeds N]\n");
    return argc == 2 && std::string(argv[1]) == "--help" ? 0 : 2;
  }
  std::printf("linear = ktest's make_min_config: one option per trial. ktest builds every trial;\n"
              "under kshrink's engine a trial that resolves to its parent costs no build.\n");
  std::printf("%8s %5s %7s %14s %14s %10s %10s %12s %12s %9s %6s %10s\n", "symbols", "seed",
              "ddmin", "linear trials", "linear builds", "vs trials", "vs builds", "ddmin bytes",
              "linear bytes", "n -> k0", "bound", "bound/lin");
  for (size_t symbols : {500, 2000, 8000}) {
    double ratio_sum = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      Result ddmin = converge(symbols, uint64_t(seed), "ddmin");
      Result linear = converge(symbols, uint64_t(seed), "linear");
      double ratio = double(ddmin.builds) / double(linear.trials);
      double ratio_builds = double(ddmin.builds) / double(linear.builds);
      ratio_sum += ratio;
      double bound =
          lower_bound(ddmin.top_level_at_start, ddmin.top_level_at_end, ddmin.targets_at_end);
      std::printf(
          "%8zu %5d %7zu %14zu %14zu %9.2fx %9.2fx %12llu %12llu %4zu->%-4zu %6.0f %9.2fx\n",
          symbols, seed, ddmin.builds, linear.trials, linear.builds, ratio, ratio_builds,
          (unsigned long long)ddmin.best_bytes, (unsigned long long)linear.best_bytes,
          ddmin.top_level_at_start, ddmin.top_level_at_end, bound, bound / double(linear.builds));
    }
    Result last = converge(symbols, uint64_t(seeds), "ddmin");
    std::printf("%8zu %5d ddmin builds by phase:", symbols, seeds);
    for (const auto& [name, builds] : last.phases)
      if (builds) std::printf(" [%s] %zu", name.c_str(), builds);
    std::printf("\n");
    std::printf("%8zu %5s mean ddmin/ktest builds %.2fx (target at 2000: <= 0.20x)\n", symbols,
                "all", ratio_sum / seeds);
  }
  return 0;
}
