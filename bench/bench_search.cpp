// Search benchmark on synthetic kernels of 500, 2000 and 8000 symbols (shaped like Debian's 6.1
// config, see SyntheticSpec): builds to converge for ddmin, split and linear side by side,
// their ratios to linear, the bytes each reached, and how few builds any strategy could need.
// Linear is ktest's make_min_config: one option per build, most dependents first and parents
// before their dependents, a failed option kept for good, and (as ktest skips an option whose
// removal "did not change .config") no build for a candidate that resolves to its parent.
// Two floors: k, the targets left at the 1-minimal
// end, each of which must be tried alone; and an estimate of the information any search
// must gather, in bits (a pass/fail build gives at most one): which menus keep a target
// (log2 C(menus, menus kept)), and in each kept menu which of its n targets are the k it
// keeps (n H(k/n), as if each were needed independently with the menu's rate).
//
//   build/bench/bench_search [--seeds N] [--needed-fraction F] [--symbols N]
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace kshrink::optimizer;

namespace {

/// A run cut short by its budget: the best after this many builds.
constexpr size_t early_builds = 40;

/// Builds spent in each phase of a strategy, in order, and the best after `early_builds`.
class PhaseCounter : public EngineObserver {
public:
  explicit PhaseCounter(uint64_t start_bytes) : best(start_bytes), early(start_bytes) {}
  void on_phase(const Phase& phase) override { phases.push_back({phase.name, 0}); }
  void on_trial(const Trial& trial) override {
    if (!trial.outcome.computed) return;
    if (!phases.empty()) ++phases.back().second;
    ++builds;
    if (trial.accepted) best = trial.outcome.bytes, steps.push_back({builds, best});
    if (builds <= early_builds) early = best;
  }
  std::vector<std::pair<std::string, size_t>> phases;
  std::vector<std::pair<size_t, uint64_t>> steps; // builds so far, new best
  size_t builds = 0;
  uint64_t best, early;
};

struct Result {
  std::vector<std::pair<std::string, size_t>> phases;
  std::vector<std::pair<size_t, uint64_t>> steps;
  size_t builds = 0;
  size_t targets_at_end = 0;
  double information = 0;
  uint64_t start_bytes = 0, best_bytes = 0, early_bytes = 0;
  double seconds = 0;
  double early_saved() const {
    return 100.0 * double(start_bytes - early_bytes) / double(start_bytes);
  }
  /// Builds until the best was `bytes` or smaller (all of them if it never was).
  size_t builds_to_reach(uint64_t bytes) const {
    for (const auto& [at, best] : steps)
      if (best <= bytes) return at;
    return builds;
  }
};

/// Targets of the engine's best config by the menu that holds them.
std::map<std::string, size_t> targets_by_menu(Engine& engine, SyntheticKernel& kernel) {
  auto table = kernel.symbols(engine.best().config);
  std::map<std::string, size_t> counts;
  for (const auto& target : engine.targets()) {
    const auto* symbol = table.find(target.symbol);
    ++counts[symbol && !symbol->menu.empty() ? symbol->menu.front() : target.symbol];
  }
  return counts;
}

double log2_choose(size_t n, size_t k) {
  return (std::lgamma(double(n) + 1) - std::lgamma(double(k) + 1) -
          std::lgamma(double(n - k) + 1)) /
         std::log(2.0);
}

/// Bits that tell which menus keep targets and, in each kept menu, which targets.
double information_bits(const std::map<std::string, size_t>& start,
                        const std::map<std::string, size_t>& end) {
  double bits = log2_choose(start.size(), end.size());
  for (const auto& [menu, kept] : end) {
    auto it = start.find(menu);
    if (it == start.end() || kept >= it->second) continue;
    double n = double(it->second), rate = double(kept) / n;
    bits += n * -(rate * std::log2(rate) + (1 - rate) * std::log2(1 - rate));
  }
  return bits;
}

Result converge(SyntheticSpec spec, const std::string& strategy) {
  SyntheticKernel kernel(spec);
  EngineSettings settings;
  settings.estimate = [&](const kshrink::kconfig::Symbol& s) { return kernel.size_of(s.name); };
  auto started = std::chrono::steady_clock::now();
  Engine engine(kernel, kernel, kernel, settings);
  engine.start(kernel.start_config());
  PhaseCounter phases(engine.start_bytes());
  engine.set_observer(&phases);
  auto menus_at_start = targets_by_menu(engine, kernel);
  make_strategy(strategy)->run(engine);
  return {phases.phases,
          phases.steps,
          engine.builds(),
          engine.targets().size(),
          information_bits(menus_at_start, targets_by_menu(engine, kernel)),
          engine.start_bytes(),
          engine.best_bytes(),
          phases.early,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

} // namespace

int usage(FILE* out) {
  std::fprintf(out,
               "usage: bench_search [--seeds N] [--needed-fraction F] [--symbols N]\n"
               "  --needed-fraction: of the settable symbols, needed by the checks (default "
               "%.3f, as a boot needs of Debian's config)\n"
               "  --symbols: one kernel size instead of 500, 2000 and 8000\n",
               SyntheticSpec{}.needed_fraction);
  return out == stdout ? 0 : 2;
}

int main(int argc, char** argv) {
  int seeds = 3;
  SyntheticSpec shape;
  std::vector<size_t> sizes = {500, 2000, 8000};
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help") return usage(stdout);
    if (i + 1 == argc) return usage(stderr);
    char* end = nullptr;
    double value = std::strtod(argv[++i], &end);
    if (*end != '\0' || value <= 0) return usage(stderr);
    if (flag == "--seeds" && value == double(int(value)))
      seeds = int(value);
    else if (flag == "--needed-fraction" && value < 1)
      shape.needed_fraction = value;
    else if (flag == "--symbols" && value == double(size_t(value)))
      sizes = {size_t(value)};
    else
      return usage(stderr);
  }
  std::printf("needed fraction %.3f. linear = ktest's make_min_config: one option per build,\n"
              "most dependents first, parents first, failures kept; like ktest, no build for a\n"
              "candidate that resolves to its parent. dd=lin = builds ddmin took to reach\n"
              "linear's final bytes (linear switches no choice, so it ends bigger). k = targets\n"
              "left, each tried alone at least once; info = bits any search must learn\n"
              "(estimate, see the source); "
              "saved@%zu = bytes saved by a run stopped after %zu builds.\n",
              shape.needed_fraction, early_builds, early_builds);
  std::printf("%8s %5s %6s %6s %6s %7s %7s %11s %10s %10s %10s %4s %5s %9s %17s\n", "symbols",
              "seed", "ddmin", "split", "linear", "dd/lin", "sp/lin", "dd=lin", "ddmin B",
              "split B", "linear B", "k", "info", "floor/lin",
              ("saved@" + std::to_string(early_builds) + " dd/sp/lin").c_str());
  for (size_t symbols : sizes) {
    double ddmin_sum = 0, split_sum = 0, floor_sum = 0, reach_sum = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      SyntheticSpec spec = shape;
      spec.symbols = symbols, spec.seed = uint64_t(seed);
      Result ddmin = converge(spec, "ddmin");
      Result split = converge(spec, "split");
      Result linear = converge(spec, "linear");
      auto to_linear = [&](double builds) { return builds / double(linear.builds); };
      double floor = std::max(double(ddmin.targets_at_end), ddmin.information);
      ddmin_sum += to_linear(double(ddmin.builds));
      split_sum += to_linear(double(split.builds));
      floor_sum += to_linear(floor);
      size_t ddmin_to_linear = ddmin.builds_to_reach(linear.best_bytes);
      reach_sum += to_linear(double(ddmin_to_linear));
      std::printf("%8zu %5d %6zu %6zu %6zu %6.2fx %6.2fx %4zu %5.2fx %10llu %10llu %10llu %4zu "
                  "%5.0f %8.2fx %5.1f/%4.1f/%4.1f%%\n",
                  symbols, seed, ddmin.builds, split.builds, linear.builds,
                  to_linear(double(ddmin.builds)), to_linear(double(split.builds)), ddmin_to_linear,
                  to_linear(double(ddmin_to_linear)), (unsigned long long)ddmin.best_bytes,
                  (unsigned long long)split.best_bytes, (unsigned long long)linear.best_bytes,
                  ddmin.targets_at_end, ddmin.information, to_linear(floor), ddmin.early_saved(),
                  split.early_saved(), linear.early_saved());
    }
    for (const char* strategy : {"ddmin", "split"}) {
      SyntheticSpec spec = shape;
      spec.symbols = symbols, spec.seed = uint64_t(seeds);
      Result last = converge(spec, strategy);
      std::printf("%8zu %5d %s builds by phase:", symbols, seeds, strategy);
      for (const auto& [name, builds] : last.phases)
        if (builds) std::printf(" [%s] %zu", name.c_str(), builds);
      std::printf("\n");
    }
    std::printf("%8zu %5s mean ddmin/linear %.3fx, split/linear %.3fx, floor max(k, info)/linear "
                "%.3fx (target at 2000: <= 0.200x); ddmin to linear's bytes %.3fx\n",
                symbols, "all", ddmin_sum / seeds, split_sum / seeds, floor_sum / seeds,
                reach_sum / seeds);
  }
  return 0;
}
