// Build benchmark on the real tree: clean build, incremental rebuilds after a one-option and a
// ten-option change in the same worker, a fresh worker with a ccache warmed by another, and the
// candidates a real search builds (`kshrink run`'s own path: ddmin from the README's start
// config, boot check, a build budget) — all measured in one run, as ratios to the clean build.
//
//   build/bench/bench_builds [--workdir DIR] [--jobs J] [--search-builds N]
// The builders and the ccache of the work directory (default build/bench-work) are emptied
// first, so the clean build is clean; the unpacked tree is kept.
#include "bootcheck/harness_requirements.h"
#include "builder/kernel_builder.h"
#include "kconfig/resolver.h"
#include "kconfig/start_config.h"
#include "kconfig/symbol_table.h"
#include "run/run_driver.h"
#include "tree/kernel_tree.h"
#include "util/files.h"
#include "util/work_dir.h"

#include <SQLiteCpp/Database.h>

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

/// Build seconds of the candidates a real search builds: `kshrink run` with ddmin from
/// `start`, the boot check, `builds` builds, in the bench's own work directory and database.
std::vector<double> real_search_builds(const fs::path& workdir, const std::string& start, int jobs,
                                       size_t builds) {
  fs::path db = workdir / "bench-search.db";
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(db.string() + suffix);
  fs::remove_all(util::WorkDir::runs_dir(db));
  run::RunSettings settings;
  settings.config = start;
  settings.checks = "boot";
  settings.budget = std::to_string(builds) + "builds";
  settings.jobs = jobs;
  settings.workdir = workdir.string();
  settings.db = db.string();
  std::fprintf(stderr, "bench: real search, %zu candidates (kshrink run)...\n", builds);
  run::execute_run(settings);
  SQLite::Database sql(db.string());
  SQLite::Statement query(sql, "SELECT build_seconds FROM verdicts ORDER BY id");
  std::vector<double> seconds;
  for (bool start_config = true; query.executeStep(); start_config = false)
    if (!start_config) seconds.push_back(query.getColumn(0).getDouble());
  return seconds;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

[[noreturn]] void usage(const std::string& problem) {
  if (!problem.empty()) std::fprintf(stderr, "bench_builds: %s\n", problem.c_str());
  std::fprintf(problem.empty() ? stdout : stderr,
               "usage: bench_builds [--workdir DIR] [--jobs J] [--search-builds N]\n");
  std::exit(problem.empty() ? 0 : 2);
}

} // namespace

int main(int argc, char** argv) {
  fs::path workdir = "build/bench-work";
  builder::BuildSettings settings;
  size_t search_builds = 8;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("");
    if (i + 1 >= argc) usage(flag + " needs a value");
    if (flag == "--workdir")
      workdir = argv[i + 1];
    else if (flag == "--jobs")
      settings.jobs = std::atoi(argv[i + 1]);
    else if (flag == "--search-builds")
      search_builds = size_t(std::atoi(argv[i + 1]));
    else
      usage("unknown flag " + flag);
  }
  util::WorkDir layout(fs::absolute(workdir));
  workdir = layout.root();
  auto tree = tree::prepare_tree(tree::default_tree, workdir);
  // Keep the unpacked tree and kconfig tools; empty the builders and the ccache.
  fs::remove_all(layout.builders(tree.key));
  fs::remove_all(layout.ccache());
  auto tools = kconfig::KconfigTools::prepare(tree, workdir);
  kconfig::Resolver resolver(tools);
  const std::string start_spec = "tinyconfig+" KSHRINK_SOURCE_DIR "/configs/qemu-small.fragment";
  auto start = kconfig::load_start_config(start_spec, tools).config;
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

  // What the target is about: the candidates of a real search, in the worker the clean
  // build left behind (the run's sanity check rebuilds the start config there first).
  std::vector<double> search =
      real_search_builds(workdir, start_spec, settings.jobs, search_builds);
  std::vector<double> candidates = search;
  candidates.push_back(one_change.seconds);
  candidates.push_back(ten_change.seconds);
  std::printf("%-46s %9s %8s %10s\n", "build", "seconds", "ratio", "bzImage");
  auto row = [&](const char* name, const builder::BuildResult& r) {
    std::printf("%-46s %9.1f %7.2fx %10llu\n", name, r.seconds, r.seconds / clean.seconds,
                (unsigned long long)r.bzimage_bytes);
  };
  row("clean", clean);
  row(("one-option change (" + removable[0] + ")").c_str(), one_change);
  row("ten-option change", ten_change);
  row("fresh worker, warm ccache", warm);
  double search_median = median(search);
  std::printf("%-46s %9.1f %7.2fx\n",
              ("real search: median of " + std::to_string(search.size()) + " candidates").c_str(),
              search_median, search_median / clean.seconds);
  std::printf("%-46s", "real search: each candidate (seconds)");
  for (double seconds : search)
    std::printf(" %.0f", seconds);
  std::printf("\nmedian candidate build of the real search: %.2fx clean (target <= 0.25x); "
              "with the one- and ten-option rows: %.2fx\n",
              search_median / clean.seconds, median(candidates) / clean.seconds);
  return 0;
}
