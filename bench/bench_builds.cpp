// Build benchmark on the real tree: clean build, incremental rebuilds after a one-option and a
// ten-option change in the same worker, a fresh worker with a ccache warmed by another, and the
// sequence of candidates a ddmin search builds (halves, quarters, singles) — all measured in one
// run and printed as ratios to the clean build.
//
//   build/bench/bench_builds [--workdir DIR] [--jobs J]
// The work directory is emptied first (default build/bench-work), so the clean build is clean.
#include "bootcheck/harness_requirements.h"
#include "builder/kernel_builder.h"
#include "kconfig/resolver.h"
#include "kconfig/start_config.h"
#include "kconfig/symbol_table.h"
#include "tree/kernel_tree.h"
#include "util/files.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <set>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// Bool symbols set to y that a user may switch off: prompted, visible, selected by nobody,
/// not needed by the boot harness. In menu order, so the choice is deterministic.
std::vector<std::string> removable_symbols(const kconfig::SymbolTable& table) {
  std::set<std::string> pinned;
  for (const auto& requirement : bootcheck::harness_requirements())
    pinned.insert(requirement.symbol);
  std::vector<std::string> names;
  for (const auto& s : table.symbols())
    if (s.type == "bool" && s.value == "y" && s.has_prompt && s.visible == "y" &&
        s.selected_by.empty() && !s.choice && !pinned.contains(s.name) && s.name != "EXPERT")
      names.push_back(s.name);
  return names;
}

builder::BuildResult timed_build(builder::KernelBuilder& worker,
                                 const kconfig::ResolvedConfig& config, const char* what) {
  std::fprintf(stderr, "bench: %s...\n", what);
  auto result = worker.build(config.config);
  if (result.status != builder::BuildStatus::ok) {
    std::fprintf(stderr, "bench: %s failed: %s\n%s", what, builder::to_string(result.status),
                 result.error_excerpt.c_str());
    std::exit(1);
  }
  return result;
}

} // namespace

int main(int argc, char** argv) {
  fs::path workdir = "build/bench-work";
  builder::BuildSettings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--workdir") workdir = argv[i + 1];
    if (flag == "--jobs") settings.jobs = std::atoi(argv[i + 1]);
  }
  workdir = fs::absolute(workdir);
  // Keep the unpacked tree and kconfig tools; empty the builders and the ccache.
  fs::remove_all(workdir / "builders");
  fs::remove_all(workdir / "ccache");

  auto tree = tree::prepare_tree(tree::default_tree, workdir);
  auto tools = kconfig::KconfigTools::prepare(tree, workdir);
  kconfig::Resolver resolver(tools);
  auto start = kconfig::load_start_config(
      "tinyconfig+" KSHRINK_SOURCE_DIR "/configs/qemu-small.fragment", tools);
  auto base = resolver.resolve(start);
  auto removable = removable_symbols(kconfig::SymbolTable::load(tools, base.config));
  if (removable.size() < 11) {
    std::fprintf(stderr, "bench: only %zu removable symbols\n", removable.size());
    return 1;
  }
  auto without = [&](size_t first, size_t count) {
    auto config = base.config;
    for (size_t i = first; i < first + count; ++i)
      config.set(removable[i], "n");
    return resolver.resolve(config);
  };
  auto one = without(0, 1), ten = without(1, 10);

  builder::KernelBuilder w0(tree, workdir, settings, 0), w1(tree, workdir, settings, 1);
  auto clean = timed_build(w0, base, "clean build (empty build dir, empty ccache)");
  auto one_change = timed_build(w0, one, ("one-option change: " + removable[0]).c_str());
  timed_build(w0, base, "back to the base config");
  auto ten_change = timed_build(w0, ten, "ten-option change");
  auto warm = timed_build(w1, base, "fresh worker, ccache warmed by another worker");

  // The candidates a ddmin search builds one after another in one worker: halves, quarters,
  // then single symbols of the removable set, each relative to the base config.
  std::vector<double> candidates = {one_change.seconds, ten_change.seconds};
  std::vector<std::pair<size_t, size_t>> sequence = {{0, 4}, {4, 8}, {0, 2}, {2, 4},
                                                     {4, 6}, {6, 8}, {0, 1}, {1, 2}};
  double sequence_total = 0;
  for (auto [from, to] : sequence) {
    std::string name =
        "ddmin candidate: symbols " + std::to_string(from) + ".." + std::to_string(to - 1) + " off";
    double seconds = timed_build(w0, without(from, to), name.c_str()).seconds;
    candidates.push_back(seconds);
    sequence_total += seconds;
  }
  std::sort(candidates.begin(), candidates.end());
  size_t n = candidates.size();
  double median = n % 2 ? candidates[n / 2] : (candidates[n / 2 - 1] + candidates[n / 2]) / 2;
  std::printf("%-46s %9s %8s %10s\n", "build", "seconds", "ratio", "bzImage");
  auto row = [&](const char* name, const builder::BuildResult& r) {
    std::printf("%-46s %9.1f %7.2fx %10llu\n", name, r.seconds, r.seconds / clean.seconds,
                (unsigned long long)r.bzimage_bytes);
  };
  row("clean", clean);
  row(("one-option change (" + removable[0] + ")").c_str(), one_change);
  row("ten-option change", ten_change);
  row("fresh worker, warm ccache", warm);
  std::printf("%-46s %9.1f %7.2fx\n", "ddmin-like sequence, mean of 8 candidates",
              sequence_total / double(sequence.size()),
              sequence_total / double(sequence.size()) / clean.seconds);
  std::printf("median candidate build (one, ten and the %zu ddmin-like candidates): %.2fx clean "
              "(target <= 0.25x)\n",
              sequence.size(), median / clean.seconds);
  return 0;
}
