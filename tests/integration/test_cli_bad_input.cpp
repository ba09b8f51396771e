// End-to-end tests of the kshrink binary: `symbols` on the real tree, and bad input, which must
// give a one-line error, a non-zero exit, no stack trace and nothing half-written.
#include "tests/test_support.h"
#include "util/error.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

std::vector<std::string> symbols_args(const std::string& config, const fs::path& workdir) {
  return {"symbols", "--config", config, "--workdir", workdir.string(), "--summary"};
}

/// One error line naming `expected`, with exit code `exit_code` (util::exit_codes).
void check_clean_error(const test::CliRun& run, const std::string& expected,
                       int exit_code = util::exit_codes::bad_input) {
  CHECK(run.exit_code == exit_code);
  CHECK(run.out.empty());
  std::string line = test::last_line(run.err);
  CHECK(line.starts_with("kshrink: error: "));
  CHECK(line.find(expected) != std::string::npos);
  CHECK(run.err.find("terminate") == std::string::npos);
  CHECK(run.err.find("what()") == std::string::npos);
}

} // namespace

TEST_CASE("symbols --json prints the table with the documented fields") {
  auto run = test::run_kshrink({"symbols", "--config", "tinyconfig", "--workdir",
                                test::shared_workdir().string(), "--json"});
  REQUIRE(run.exit_code == 0);
  auto table = nlohmann::json::parse(run.out);
  REQUIRE(table.is_array());
  CHECK(table.size() > 15000);
  for (const char* field :
       {"name", "type", "value", "prompt", "file", "depends", "selects", "selected_by", "choice"})
    CHECK(table[0].contains(field));
  CHECK(run.err.find("resolved with olddefconfig") != std::string::npos);
}

TEST_CASE("a missing tree path") {
  auto work = test::temp_dir();
  auto run = test::run_kshrink(
      {"symbols", "--tree", "/nonexistent/linux", "--workdir", work.path().string()});
  check_clean_error(run, "kernel tree not found: /nonexistent/linux");
}

TEST_CASE("a tarball that is not a kernel leaves nothing half-written") {
  auto work = test::temp_dir();
  fs::create_directories(work.path() / "src/docs");
  util::write_file_atomic(work.path() / "src/docs/README", "no kernel here");
  REQUIRE(util::system_runner()
              .run({.program = "tar",
                    .args = {"-cJf", (work.path() / "docs.tar.xz").string(), "-C",
                             (work.path() / "src").string(), "docs"}})
              .ok());
  fs::path workdir = work.path() / "work";
  auto run = test::run_kshrink(
      {"symbols", "--tree", (work.path() / "docs.tar.xz").string(), "--workdir", workdir.string()});
  check_clean_error(run, "is not a kernel source tarball");
  CHECK(fs::is_empty(util::WorkDir(workdir).trees()));
}

TEST_CASE("a config file that is not a config, such as /etc/passwd") {
  auto run = test::run_kshrink(symbols_args("/etc/passwd", test::shared_workdir()));
  check_clean_error(run, "/etc/passwd:1: not a kernel config line");
}

TEST_CASE("a config for another architecture, and an empty --tree") {
  auto dir = test::temp_dir();
  fs::path arm = dir.path() / "arm64.config";
  util::write_file_atomic(arm, "CONFIG_ARM64=y\nCONFIG_64BIT=y\n");
  check_clean_error(test::run_kshrink(symbols_args(arm.string(), test::shared_workdir())),
                    "is a config for arm64 (CONFIG_ARM64=y)");
  check_clean_error(test::run_kshrink({"run", "--tree", "", "--workdir", dir.path().string()}),
                    "--tree: an empty path");
}

TEST_CASE("a 100,000-character path is bad input in one line, not kshrink's fault") {
  auto dir = test::temp_dir();
  std::string path = "/tmp/" + std::string(100'000, 'a');
  check_clean_error(test::run_kshrink({"run", "--tree", path, "--workdir", dir.path().string()}),
                    "File name too long");
}

TEST_CASE("a missing config file") {
  auto run = test::run_kshrink(symbols_args("/nonexistent/.config", test::shared_workdir()));
  check_clean_error(run, "config file not found: /nonexistent/.config");
}

TEST_CASE("an unknown start config keyword lists the valid ones") {
  auto run = test::run_kshrink(symbols_args("smallconfig", test::shared_workdir()));
  check_clean_error(run, "unknown start config 'smallconfig'");
  CHECK(test::last_line(run.err).find("defconfig, tinyconfig, debian") != std::string::npos);
}

TEST_CASE("--version prints the version") {
  auto run = test::run_kshrink({"--version"});
  CHECK(run.exit_code == 0);
  CHECK(run.out.starts_with("kshrink 0."));
}

TEST_CASE("an unknown option is a usage error") {
  auto run = test::run_kshrink({"symbols", "--frobnicate"});
  check_clean_error(run, "frobnicate");
}

TEST_CASE("bad run settings and a resume without a database make no file") {
  auto work = test::temp_dir();
  for (const char* budget : {"soon", "0s", "99999999999999999999999h"}) {
    CAPTURE(budget);
    auto bad_budget =
        test::run_kshrink({"run", "--budget", budget, "--workdir", work.path().string(), "--json"});
    check_clean_error(bad_budget, "budget");
  }
  check_clean_error(
      test::run_kshrink({"run", "-j", "2147483647", "--workdir", work.path().string(), "--json"}),
      "jobs");
  check_clean_error(
      test::run_kshrink({"boot", "--kernel", "/no/such/bzImage", "--boot-timeout", "-5"}),
      "timeout");
  auto no_database =
      test::run_kshrink({"run", "--resume", "3", "--workdir", work.path().string(), "--json"});
  check_clean_error(no_database, "no run 3 to resume: no database", util::exit_codes::not_found);
  CHECK(fs::is_empty(work.path())); // no kshrink.db, no runs/
}

TEST_CASE("a run refused for its start config makes no database") {
  auto dir = test::temp_dir();
  fs::path arm = dir.path() / "arm64.config", db = dir.path() / "fresh.db";
  util::write_file_atomic(arm, "CONFIG_ARM64=y\nCONFIG_64BIT=y\n");
  check_clean_error(test::run_kshrink({"run", "--config", arm.string(), "--workdir",
                                       test::shared_workdir().string(), "--db", db.string()}),
                    "is a config for arm64");
  CHECK_FALSE(fs::exists(db));
  // tinyconfig lacks the harness's options: one line lists them all.
  check_clean_error(test::run_kshrink({"run", "--config", "tinyconfig", "--workdir",
                                       test::shared_workdir().string(), "--db", db.string()}),
                    "lacks what the boot harness needs from every kernel; add CONFIG_");
  CHECK_FALSE(fs::exists(db));
}

TEST_CASE("a missing boot script is refused before any file is made, by run and by boot") {
  auto dir = test::temp_dir();
  fs::path work = dir.path() / "work";
  check_clean_error(test::run_kshrink({"run", "--boot", "command:/nonexistent/boot.sh", "--workdir",
                                       work.string()}),
                    "boot command /nonexistent/boot.sh is missing or not executable");
  fs::path kernel = dir.path() / "bzImage";
  util::write_file_atomic(kernel, "not really a kernel");
  check_clean_error(test::run_kshrink({"boot", "--kernel", kernel.string(), "--boot",
                                       "command:/nonexistent/boot.sh", "--workdir", work.string()}),
                    "is missing or not executable");
  CHECK_FALSE(fs::exists(work)); // no database, no initramfs
}

TEST_CASE("--keep and --drop take symbol names only, and build --worker a worker's number") {
  auto dir = test::temp_dir();
  check_clean_error(test::run_kshrink({"run", "--keep", "EXT4_FS,$(touch x);id", "--workdir",
                                       dir.path().string()}),
                    "--keep: '$(touch x);id' is not a Kconfig symbol name");
  check_clean_error(
      test::run_kshrink({"run", "--drop", "NET,a b", "--workdir", dir.path().string()}),
      "--drop: 'a b' is not a Kconfig symbol name");
  check_clean_error(
      test::run_kshrink({"build", "--worker", "-1", "--workdir", dir.path().string()}), "--worker");
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("QEMU or mke2fs missing from PATH is the machine's fault (exit 3), not the kernel's") {
  auto dir = test::temp_dir();
  fs::path kernel = dir.path() / "bzImage", empty = dir.path() / "empty-path";
  util::write_file_atomic(kernel, "not really a kernel");
  fs::create_directories(empty);
  auto result = util::system_runner().run(
      {.program = KSHRINK_BINARY,
       .args = {"boot", "--kernel", kernel.string(), "--workdir", (dir.path() / "work").string()},
       .env = {{"PATH", empty.string()}},
       .output = dir.path() / "out",
       .error_output = dir.path() / "err"});
  CHECK(result.exit_code == util::exit_codes::environment);
  CHECK(util::read_file(dir.path() / "out")
            .starts_with("verdict: infra_error (could not start: qemu-system-x86_64 not found"));
  // QEMU there, mke2fs not: the ext4 check's disk cannot be made, in one line, exit 3.
  fs::create_symlink("/usr/bin/qemu-system-x86_64", empty / "qemu-system-x86_64");
  auto no_mke2fs =
      util::system_runner().run({.program = KSHRINK_BINARY,
                                 .args = {"boot", "--kernel", kernel.string(), "--checks", "ext4",
                                          "--workdir", (dir.path() / "work").string()},
                                 .env = {{"PATH", empty.string()}},
                                 .output = dir.path() / "out",
                                 .error_output = dir.path() / "err"});
  CHECK(no_mke2fs.exit_code == util::exit_codes::environment);
  CHECK(util::read_file(dir.path() / "err") ==
        "kshrink: error: cannot make the ext4 disk image with mke2fs (could not start: mke2fs "
        "not found in PATH)\n");
}

TEST_CASE("a daemon that cannot be reached has an exit code of its own, not bad input's") {
  // Nothing listens on port 1 of loopback.
  check_clean_error(test::run_kshrink({"runs", "--server", "http://127.0.0.1:1"}),
                    "cannot reach kshrink serve at http://127.0.0.1:1",
                    util::exit_codes::unreachable);
}
