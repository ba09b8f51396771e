// Unit tests of KernelOracle on a scripted builder and checker: build and boot statuses become
// the verdicts optimizer/verdict.h declares, the objective gives the bytes, a passing build is
// parked, and each candidate's files are kept where the run says.
#include "run/kernel_oracle.h"
#include "tests/fakes/fake_builders.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using namespace kshrink;
using optimizer::Verdict;

namespace {

kconfig::ResolvedConfig candidate() {
  kconfig::ConfigFile config;
  config.set("EXT4_FS", "y");
  return {config, config.hash()};
}

/// A builder that succeeds, its kernel image and log in `dir`.
test::ScriptedBuilder passing_builder(const fs::path& dir) {
  test::ScriptedBuilder builder;
  builder.result = {.status = builder::BuildStatus::ok,
                    .seconds = 12,
                    .bzimage_bytes = 4096,
                    .vmlinux = {.text = 100, .data = 20, .bss = 3},
                    .modules_bytes = 500,
                    .kernel_image = dir / "worker-bzImage",
                    .log = dir / "worker.log"};
  return builder;
}

/// A passing builder and a checker behind an oracle of bzImage bytes, artifacts under `dir`.
struct BehindOracle {
  util::ScratchDir dir = test::temp_dir();
  test::ScriptedBuilder builder = passing_builder(dir.path());
  test::ScriptedChecker checker;
  run::KernelOracle oracle{builder, checker, run::Objective::bzimage, dir.path() / "artifacts"};
};

} // namespace

TEST_CASE("a passing candidate: the objective's bytes, a copy of its kernel booted, parked") {
  auto dir = test::temp_dir();
  auto builder = passing_builder(dir.path());
  test::ScriptedChecker checker;
  checker.verdict = {.status = bootcheck::BootStatus::pass, .seconds = 3};
  run::KernelOracle oracle(builder, checker, run::Objective::bzimage_with_modules,
                           dir.path() / "artifacts");
  auto config = candidate();
  optimizer::Outcome outcome = oracle.judge(config, nullptr);
  CHECK(outcome.verdict == Verdict::pass);
  CHECK(outcome.computed);
  CHECK(outcome.bytes == 4096 + 500);
  CHECK(outcome.tiebreak == 123);
  CHECK(outcome.build_seconds == 12);
  CHECK(outcome.boot_seconds == 3);
  fs::path kept = dir.path() / "artifacts" / config.hash.substr(0, 16);
  CHECK(outcome.config_path == (kept / "config").string());
  CHECK(kconfig::ConfigFile::load(kept / "config").hash() == config.hash);
  CHECK(util::read_file(kept / "build.log") == "make: done\n");
  REQUIRE(checker.kernels.size() == 1);
  CHECK(checker.kernels[0] == kept / "bzImage"); // a copy: the worker's is overwritten next
  CHECK(checker.existed[0]);
  CHECK(fs::exists(kept / "bzImage"));
  CHECK(builder.parked == std::vector<std::string>{config.hash});
  CHECK(oracle.builds() == 1);
}

TEST_CASE_FIXTURE(BehindOracle, "a build that fails or times out is judged without a boot") {
  const std::pair<builder::BuildStatus, Verdict> cases[] = {
      {builder::BuildStatus::build_failed, Verdict::build_failed},
      {builder::BuildStatus::timeout, Verdict::build_timeout},
      {builder::BuildStatus::cancelled, Verdict::cancelled},
      {builder::BuildStatus::infra_error, Verdict::infra_error}};
  for (auto [status, verdict] : cases) {
    CAPTURE(builder::to_string(status));
    builder.result.status = status;
    builder.result.error_excerpt = "fs/ext4/super.c:1: error: oops";
    optimizer::Outcome outcome = oracle.judge(candidate(), nullptr);
    CHECK(outcome.verdict == verdict);
    CHECK(outcome.detail == "fs/ext4/super.c:1: error: oops");
    CHECK(outcome.bytes == 0);
  }
  CHECK(checker.kernels.empty());
  CHECK(builder.parked.empty());
  CHECK(oracle.builds() == 4);
}

TEST_CASE_FIXTURE(
    BehindOracle,
    "a boot that fails or times out: its verdict, the check that failed, no kernel kept") {
  auto config = candidate();
  fs::path kept = dir.path() / "artifacts" / config.hash.substr(0, 16);

  checker.verdict = {.status = bootcheck::BootStatus::boot_failed,
                     .failed_check = "ext4",
                     .reason = "no /dev/vda",
                     .excerpt = "VFS: cannot open root device"};
  optimizer::Outcome failed = oracle.judge(config, nullptr);
  CHECK(failed.verdict == Verdict::boot_failed);
  CHECK(failed.detail == "ext4: no /dev/vda\nVFS: cannot open root device");
  CHECK(failed.bytes == 4096); // it built: its size is known
  CHECK_FALSE(fs::exists(kept / "bzImage"));
  CHECK(fs::exists(kept / "config"));

  checker.verdict = {.status = bootcheck::BootStatus::timeout, .reason = "no end marker in 60 s"};
  optimizer::Outcome hung = oracle.judge(config, nullptr);
  CHECK(hung.verdict == Verdict::boot_timeout);
  CHECK(hung.detail == "no end marker in 60 s");
  CHECK(builder.parked.empty());
}
