// Unit tests of the build pool that need no kernel: worker and parked directories claimed by
// one pool are not handed to another (the daemon's concurrent runs share a work directory).
#include "builder/build_pool.h"
#include "tests/test_support.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

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
