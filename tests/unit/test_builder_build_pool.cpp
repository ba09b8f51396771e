// Unit tests of the build pool, on fake workers: the worker a build goes to, parking passing
// builds and starting from them, and directories claimed by one pool not handed to another
// (the daemon's concurrent runs share a work directory).
#include "builder/build_pool.h"
#include "tests/fakes/fake_builders.h"
#include "tests/test_support.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// A config with `symbols` on.
kconfig::ConfigFile with(const std::vector<std::string>& symbols) {
  kconfig::ConfigFile config;
  for (const auto& symbol : symbols)
    config.set(symbol, "y");
  return config;
}

std::string short_hash(const kconfig::ConfigFile& config) {
  return config.hash().substr(0, 8);
}

/// A pool of fake workers under `builders`; what they do goes to `events`.
builder::BuildPool fake_pool(const fs::path& builders, int workers, int parked,
                             std::vector<std::string>& events) {
  builder::BuildSettings settings;
  settings.workers = workers;
  settings.parked = parked;
  settings.min_free_bytes = 0;
  return builder::BuildPool(builders, settings, [&](int index) {
    return std::make_unique<test::FakeWorker>(builders / ("w" + std::to_string(index)), index,
                                              events);
  });
}

} // namespace

TEST_CASE("a build goes to the idle worker whose last config is closest to it") {
  auto dir = test::temp_dir();
  std::vector<std::string> events;
  auto pool = fake_pool(dir.path(), 2, 0, events);
  auto a = with({"A1", "A2", "A3", "A4"}), b = with({"B1", "B2", "B3"});
  auto a_more = with({"A1", "A2", "A3", "A4", "A5"}), b_less = with({"B1", "B2"});
  CHECK(pool.build(a).worker == 0);               // both empty: the first
  CHECK(pool.build(b).worker == 1);               // 3 from the empty w1, 7 from w0
  CHECK(pool.build(a_more).worker == 0);          // 1 from w0
  CHECK(pool.build(b_less).worker == 1);          // 1 from w1
  CHECK(pool.closest_build_dir(a) == fs::path()); // fake builds leave no vmlinux to measure
  CHECK(events == std::vector<std::string>{"w0 built " + short_hash(a), "w1 built " + short_hash(b),
                                           "w0 built " + short_hash(a_more),
                                           "w1 built " + short_hash(b_less)});
}

TEST_CASE("a passing build is parked, and a build closer to it starts from a copy of it") {
  auto dir = test::temp_dir();
  std::vector<std::string> events;
  auto pool = fake_pool(dir.path(), 1, 1, events);
  auto best = with({"A1", "A2", "A3", "A4"}), failed = with({"A1"});
  auto next = with({"A1", "A2", "A3"});
  builder::BuildResult passed = pool.build(best);
  pool.park(passed);
  CHECK(util::read_file(dir.path() / "parked0" / "built") == best.hash());
  CHECK(kconfig::ConfigFile::load(dir.path() / "parked0.config").hash() == best.hash());
  pool.build(failed);
  pool.build(next); // 1 from the parked build, 2 from what w0 holds
  CHECK(events == std::vector<std::string>{
                      "w0 built " + short_hash(best), "w0 built " + short_hash(failed),
                      "w0 restored " + short_hash(best), "w0 built " + short_hash(next)});

  // A worker that has moved on has nothing left to park.
  builder::BuildResult stale = pool.build(failed);
  pool.build(best);
  pool.park(stale);
  CHECK(util::read_file(dir.path() / "parked0" / "built") == best.hash());
}

TEST_CASE("a parked build outlives its pool: the next pool on the directory starts from it") {
  auto dir = test::temp_dir();
  std::vector<std::string> events;
  auto best = with({"A1", "A2", "A3"});
  {
    auto pool = fake_pool(dir.path(), 1, 1, events);
    pool.park(pool.build(best));
    pool.build(with({"B1", "B2", "B3", "B4", "B5", "B6", "B7"}));
  }
  events.clear();
  auto pool = fake_pool(dir.path(), 1, 1, events);
  pool.build(with({"A1", "A2"}));
  CHECK(events.front() == "w0 restored " + short_hash(best));
}

TEST_CASE("W threads at once: each build has a worker of its own") {
  auto dir = test::temp_dir();
  std::vector<std::string> events;
  auto pool = fake_pool(dir.path(), 3, 0, events);
  std::vector<std::thread> threads;
  std::vector<int> workers(12, -1);
  for (int i = 0; i < 12; ++i)
    threads.emplace_back(
        [&, i] { workers[i] = pool.build(with({"S" + std::to_string(i)})).worker; });
  for (auto& thread : threads)
    thread.join();
  CHECK(events.size() == 12);
  for (int worker : workers)
    CHECK((worker >= 0 && worker < 3));
}

TEST_CASE("two pools on one work directory claim different worker and parked directories") {
  auto dir = test::temp_dir();
  tree::KernelTree tree{.source = dir.path() / "no-tree", .version = "6.1", .key = "t"};
  builder::BuildSettings settings;
  settings.parked = 1;
  builder::BuildPool first(tree, dir.path(), settings);
  builder::BuildPool second(tree, dir.path(), settings);
  fs::path builders = util::WorkDir(dir.path()).builders("t");
  for (const char* taken : {"w0.lock", "w1.lock", "parked0.lock", "parked1.lock"})
    CHECK_FALSE(util::FileLock::try_lock(builders / taken));
  CHECK(util::FileLock::try_lock(builders / "w2.lock"));
  CHECK(util::FileLock::try_lock(builders / "parked2.lock"));
}
