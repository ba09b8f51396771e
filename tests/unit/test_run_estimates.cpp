// Unit tests of a run's kept estimates: read once from a build directory, then the run's own
// on a resume, whatever the build directories hold by then.
#include "run/run_estimates.h"
#include "tests/test_support.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

kconfig::Symbol symbol(const std::string& name) {
  kconfig::Symbol symbol;
  symbol.name = name;
  return symbol;
}

/// A build directory of two objects: a.o (compiled, so it has bytes) depends on FOO and BAR,
/// b.o on FOO only.
void fake_build(const fs::path& build) {
  fs::create_directories(build / "drivers");
  util::write_file_atomic(build / "a.c", "int table[1000] = {1};\n");
  auto compiled = util::system_runner().run({.program = "gcc",
                                             .args = {"-c", "a.c", "-o", "drivers/a.o"},
                                             .cwd = build,
                                             .output = build / "log",
                                             .error_output = build / "log"});
  REQUIRE(compiled.ok());
  util::write_file_atomic(build / "drivers/.a.o.cmd",
                          "deps := include/config/FOO include/config/BAR\n");
  util::write_file_atomic(build / "drivers/.b.o.cmd", "deps := include/config/FOO\n");
}

} // namespace

TEST_CASE("a run's estimates are read once, kept, and a resume uses the kept ones") {
  auto dir = test::temp_dir();
  fs::path build = dir.path() / "build", kept = dir.path() / "run/estimates.json";
  fake_build(build);
  fs::create_directories(kept.parent_path());
  tree::KernelTree tree{dir.path() / "tree", "6.1.0", "key"};
  fs::create_directories(tree.source / "arch/x86");
  util::write_file_atomic(tree.source / "Makefile", "ifdef CONFIG_CC_FLAG\nendif\n");
  builder::ObjectMap objects{{"A", {"drivers/a.o"}}};

  optimizer::EngineSettings first;
  run::RunEstimates read;
  read.wire(first);
  CHECK(first.estimate(symbol("A")) == 0); // nothing read yet
  read.load_or_read(kept, build, tree, objects);
  CHECK(first.estimate(symbol("A")) == builder::object_bytes(build / "drivers/a.o"));
  CHECK(first.estimate(symbol("A")) > 0);
  CHECK(first.rebuild(symbol("FOO")) == 1.0);
  CHECK(first.rebuild(symbol("BAR")) == 0.5);
  CHECK(first.rebuild(symbol("CC_FLAG")) == 1.0);
  CHECK(first.rebuild(symbol("UNKNOWN")) == 0.0);
  REQUIRE(fs::exists(kept));

  // The resume: the build directory has changed under it; the kept estimates still rule.
  fs::remove_all(build);
  fs::create_directories(build);
  util::write_file_atomic(build / ".c.o.cmd", "deps := include/config/BAR\n");
  optimizer::EngineSettings resumed;
  run::RunEstimates loaded;
  loaded.wire(resumed);
  loaded.load_or_read(kept, build, tree, objects);
  for (const char* name : {"A", "FOO", "BAR", "CC_FLAG", "UNKNOWN"}) {
    CAPTURE(name);
    CHECK(resumed.estimate(symbol(name)) == first.estimate(symbol(name)));
    CHECK(resumed.rebuild(symbol(name)) == first.rebuild(symbol(name)));
  }
}

TEST_CASE("with no build directory yet, nothing is estimated and nothing is kept") {
  auto dir = test::temp_dir();
  fs::path kept = dir.path() / "estimates.json";
  optimizer::EngineSettings settings;
  run::RunEstimates estimates;
  estimates.wire(settings);
  estimates.load_or_read(kept, {}, {dir.path(), "6.1.0", "key"}, builder::ObjectMap{});
  CHECK(settings.rebuild(symbol("FOO")) == 0.0);
  CHECK_FALSE(fs::exists(kept));
}
