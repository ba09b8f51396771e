// Integration tests of the builder on the real 6.1 tree: clean and incremental builds of a
// small bootable config, two workers at once, failures as verdicts, timeouts that leave no
// process behind, and compiling through a distccd on 127.0.0.1.
#include "builder/build_environment.h"
#include "builder/build_pool.h"
#include "builder/object_sizes.h"
#include "tests/integration/real_tree.h"
#include "tests/process_table.h"
#include "util/sha256.h"
#include "util/stopwatch.h"

#include <doctest/doctest.h>

#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using builder::BuildStatus;

namespace {

builder::KernelBuilder worker(int index, builder::BuildSettings settings = {}) {
  return builder::KernelBuilder(test::tools_61().tree(), test::shared_workdir(), settings, index);
}

/// The small config without the script loader: one option, one object file, fewer bytes.
kconfig::ResolvedConfig one_option_less() {
  return test::small_bootable_config("# CONFIG_BINFMT_SCRIPT is not set\n");
}

} // namespace

TEST_CASE("a small config builds, and a one-option change rebuilds incrementally and correctly") {
  auto base = test::small_bootable_config();
  auto variant = one_option_less();
  REQUIRE(base.hash != variant.hash);
  auto w0 = worker(0);
  bool clean = !fs::exists(w0.build_dir() / "vmlinux");

  auto first = w0.build(base.config);
  REQUIRE_MESSAGE(first.status == BuildStatus::ok, first.error_excerpt);
  std::string first_sha = util::sha256_file_hex(first.kernel_image);
  MESSAGE("base build (" << std::string(clean ? "clean" : "incremental") << "): " << first.seconds
                         << " s, " << first.bzimage_bytes << " bytes");
  CHECK(first.bzimage_bytes > 300'000);
  CHECK(first.bzimage_bytes < 3'000'000);
  CHECK(first.vmlinux.text > 0);
  CHECK(first.config_hash == base.hash);

  auto second = w0.build(variant.config);
  REQUIRE_MESSAGE(second.status == BuildStatus::ok, second.error_excerpt);
  MESSAGE("one-option change: " << second.seconds << " s, " << second.bzimage_bytes << " bytes");
  // bzImage grows in 512-byte steps: a small removal shows in vmlinux, not always in bzImage.
  CHECK(second.bzimage_bytes <= first.bzimage_bytes);
  CHECK(second.vmlinux.total() < first.vmlinux.total());
  if (clean) CHECK(second.seconds < first.seconds / 2);

  auto third = w0.build(base.config); // back again: the same bytes, bit for bit
  REQUIRE(third.status == BuildStatus::ok);
  CHECK(third.bzimage_bytes == first.bzimage_bytes);
  CHECK(util::sha256_file_hex(third.kernel_image) == first_sha);
}

TEST_CASE("two workers build two different configs at the same time without interfering") {
  auto base = test::small_bootable_config();
  auto variant = one_option_less();
  builder::BuildSettings settings;
  settings.workers = 2;
  settings.jobs = 2; // both workers busy at once on two cores
  builder::BuildPool pool(test::tools_61().tree(), test::shared_workdir(), settings);
  builder::BuildResult a, b;
  std::thread first([&] { a = pool.build(base.config); });
  std::thread second([&] { b = pool.build(variant.config); });
  first.join();
  second.join();
  REQUIRE_MESSAGE(a.status == BuildStatus::ok, a.error_excerpt);
  REQUIRE_MESSAGE(b.status == BuildStatus::ok, b.error_excerpt);
  MESSAGE("parallel builds: " << a.seconds << " s and " << b.seconds << " s");
  CHECK(a.worker != b.worker);
  CHECK(a.config_hash == base.hash);
  CHECK(b.config_hash == variant.hash);
  CHECK(b.vmlinux.total() < a.vmlinux.total());
  CHECK(a.bzimage_bytes == worker(0).build(base.config).bzimage_bytes);
}

TEST_CASE("after a failed candidate, the pool starts the next one from the parked best") {
  auto best = test::small_bootable_config();
  auto failed = one_option_less();
  auto next = test::small_bootable_config("# CONFIG_LEGACY_PTYS is not set\n");
  REQUIRE(next.hash != best.hash);
  builder::BuildSettings settings;
  settings.parked = 1;
  builder::BuildPool pool(test::tools_61().tree(), test::shared_workdir(), settings);
  auto kept = pool.build(best.config);
  REQUIRE_MESSAGE(kept.status == BuildStatus::ok, kept.error_excerpt);
  pool.park(kept);
  fs::path parked = fs::path(kept.log).parent_path().parent_path() / "parked0";
  CHECK(kconfig::ConfigFile::load(parked.string() + ".config").hash() == best.hash);
  REQUIRE(pool.build(failed.config).status == BuildStatus::ok);

  util::Stopwatch clock;
  auto result = pool.build(next.config);
  REQUIRE_MESSAGE(result.status == BuildStatus::ok, result.error_excerpt);
  MESSAGE("restore and build of the next candidate: " << clock.seconds() << " s");
  std::string log = util::read_file(result.log);
  CHECK(log.find("tty/pty.o") != std::string::npos);       // its own change is built
  CHECK(log.find("binfmt_script.o") == std::string::npos); // the failure is not undone by make
  CHECK(result.config_hash == next.hash);
}

TEST_CASE("a compiler error is a build_failed verdict with the error in its excerpt") {
  builder::BuildSettings settings;
  settings.extra_env["KCFLAGS"] = "-include kshrink-injected-missing-header.h";
  auto result = worker(9, settings).build(test::small_bootable_config().config);
  CHECK(result.status == BuildStatus::build_failed);
  CHECK(result.error_excerpt.find("kshrink-injected-missing-header.h") != std::string::npos);
  CHECK(fs::exists(result.log));
}

TEST_CASE("a compiler that fails one object is that candidate's build_failed, naming it") {
  auto dir = test::temp_dir();
  // The wrapper stands where ccache looks for the real compiler (the next gcc in PATH after its
  // own links) and fails fs/binfmt_misc.c alone, as a compiler bug or a bad patch would.
  fs::path bin = dir.path() / "bin";
  fs::create_directories(bin);
  util::write_file_atomic(
      bin / "gcc", "#!/bin/sh\n"
                   "for arg; do case $arg in *fs/binfmt_misc.c)\n"
                   "  echo \"$arg:1:1: error: injected by the test's compiler wrapper\" >&2\n"
                   "  exit 1;;\n"
                   "esac; done\n"
                   "exec /usr/bin/gcc \"$@\"\n");
  fs::permissions(bin / "gcc", fs::perms::owner_all);
  builder::BuildSettings settings;
  settings.extra_env["PATH"] =
      std::string(builder::ccache_masquerade_dir) + ":" + bin.string() + ":/usr/bin:/bin";
  auto with_it = test::small_bootable_config("CONFIG_BINFMT_MISC=y\n");
  auto result = worker(9, settings).build(with_it.config);
  CHECK(result.status == BuildStatus::build_failed);
  CHECK_MESSAGE(result.error_excerpt.find("binfmt_misc.c:1:1: error: injected") !=
                    std::string::npos,
                result.error_excerpt);
}

TEST_CASE("a missing toolchain is kshrink's infra_error, not the config's fault") {
  builder::BuildSettings settings;
  settings.extra_env["PATH"] = "/nonexistent";
  auto result = worker(9, settings).build(test::small_bootable_config().config);
  CHECK(result.status == BuildStatus::infra_error);
}

TEST_CASE("too little free disk is an infra_error and nothing is built") {
  builder::BuildSettings settings;
  settings.min_free_bytes = UINT64_MAX / 2;
  auto result = worker(9, settings).build(test::small_bootable_config().config);
  CHECK(result.status == BuildStatus::infra_error);
  CHECK(result.error_excerpt.find("MiB free") != std::string::npos);
}

TEST_CASE("a build timeout kills every process of the build") {
  builder::BuildSettings settings;
  settings.timeout = std::chrono::seconds(8);
  auto w8 = worker(8, settings);
  fs::remove_all(w8.build_dir()); // a clean build: far longer than the timeout
  auto result = w8.build(test::small_bootable_config().config);
  CHECK(result.status == BuildStatus::timeout);
  CHECK(result.seconds < 30);
  CHECK(test::no_process_mentions(w8.build_dir()));
}

TEST_CASE("cancelling a build kills every process of it") {
  auto w8 = worker(8);
  fs::remove_all(w8.build_dir());
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::seconds(5));
    cancel = true;
  });
  auto result = w8.build(test::small_bootable_config().config, &cancel);
  canceller.join();
  CHECK(result.status == BuildStatus::cancelled);
  CHECK(test::no_process_mentions(w8.build_dir()));
  fs::remove_all(w8.build_dir());
}

TEST_CASE("compiles go through a distccd on 127.0.0.1, as its own log shows") {
  auto dir = test::temp_dir();
  // distccd started as root drops to its own user: its log directory must be writable by it.
  fs::permissions(dir.path(), fs::perms::all);
  fs::path log = dir.path() / "distccd.log";
  int port = 36000 + int(::getpid() % 2000);
  std::atomic<bool> stop{false};
  std::thread daemon([&] {
    util::system_runner().run(
        {.program = "distccd",
         .args = {"--no-detach", "--daemon", "--listen", "127.0.0.1", "--port",
                  std::to_string(port), "--allow", "127.0.0.1", "--jobs", "2", "--log-file",
                  log.string(), "--log-level", "info"},
         .output = dir.path() / "distccd.out",
         .cancel = &stop});
  });
  std::this_thread::sleep_for(std::chrono::seconds(1));

  builder::BuildSettings settings;
  settings.distcc_hosts = "127.0.0.1:" + std::to_string(port) + "/2";
  settings.extra_env["CCACHE_RECACHE"] = "1";  // compile for real: do not answer from the cache
  settings.extra_env["DISTCC_FALLBACK"] = "0"; // fail rather than quietly compile locally
  auto w0 = worker(0, settings);
  auto base = test::small_bootable_config();
  w0.build(base.config);
  auto result = w0.build(one_option_less().config);
  stop = true;
  daemon.join();
  REQUIRE_MESSAGE(result.status == BuildStatus::ok, result.error_excerpt);
  std::string daemon_log = util::read_file(log);
  size_t jobs = 0;
  for (size_t at = daemon_log.find("job complete"); at != std::string::npos;
       at = daemon_log.find("job complete", at + 1))
    ++jobs;
  MESSAGE("distccd compiled " << jobs << " jobs");
  CHECK(jobs > 0);
  CHECK(result.bzimage_bytes == fs::file_size(test::built_kernel(one_option_less(), 0)));
}

TEST_CASE("kshrink build stopped by SIGTERM kills its make and exits as interrupted") {
  auto dir = test::temp_dir();
  test::small_bootable_config().config.save(dir.path() / "small.config");
  fs::path w7 = worker(7).build_dir();
  fs::remove_all(w7);
  // The timeout sends SIGTERM to kshrink alone (make runs in its own group), then waits.
  auto run = util::system_runner().run(
      {.program = KSHRINK_BINARY,
       .args = {"build", "--config", (dir.path() / "small.config").string(), "--workdir",
                test::shared_workdir().string(), "--worker", "7"},
       .output = dir.path() / "out",
       .error_output = dir.path() / "err",
       .timeout = std::chrono::seconds(20),
       .kill_grace = std::chrono::seconds(15)});
  CHECK(run.status == util::CommandResult::Status::timed_out);
  CHECK(run.seconds < 34); // kshrink exited by itself within the grace period
  CHECK(util::read_file(dir.path() / "err").find("interrupted") != std::string::npos);
  CHECK(test::no_process_mentions(w7));
  fs::remove_all(w7);
}

TEST_CASE("object sizes estimate what a symbol brings, from the tree's kbuild files") {
  auto base = test::small_bootable_config();
  auto w0 = worker(0);
  auto built = w0.build(base.config);
  REQUIRE_MESSAGE(built.status == BuildStatus::ok, built.error_excerpt);
  util::Stopwatch clock;
  auto map = builder::read_object_map(test::tools_61().tree().source);
  MESSAGE("object map of " << map.size() << " symbols read in " << clock.seconds() << " s");
  CHECK(map.size() > 5000);
  builder::ObjectSizeEstimator estimate(std::move(map), w0.build_dir());
  uint64_t script = estimate.bytes("BINFMT_SCRIPT"), serial = estimate.bytes("SERIAL_8250");
  MESSAGE("BINFMT_SCRIPT " << script << " bytes, SERIAL_8250 " << serial << " bytes");
  CHECK(script > 500);
  CHECK(serial > script);                // a directory of drivers against one small loader
  CHECK(estimate.bytes("EXT4_FS") == 0); // not built in this config
}
