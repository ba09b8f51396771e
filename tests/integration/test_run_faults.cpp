// Faults under real runs on the real 6.1 tree: each is the machine's (kshrink pauses or stops
// with one line and exit 3, and records nothing of it as the config's) or the candidate's (a
// verdict). A broken ccache pauses a run and the fixed machine resumes it to the end; a full
// work directory (a small tmpfs) stops an unpacking and a build as the machine's fault; a
// database on a read-only mount is refused, and a run on it left as it was. Mounts need root,
// as `scripts/setup` does.
#include "builder/kernel_builder.h"
#include "optimizer/verdict.h"
#include "run/run_settings.h"
#include "storage/run_store.h"
#include "tests/integration/real_tree.h"
#include "util/error.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// A mount for the length of a test, undone (lazily, so a busy file cannot keep it) at the end.
class ScopedMount {
public:
  /// `mount ARGS... TARGET`; fails the test if it cannot be made.
  ScopedMount(std::vector<std::string> args, const fs::path& target) : target_(target) {
    args.push_back(target.string());
    auto mounted = test::run_program("mount", args);
    REQUIRE_MESSAGE(mounted.exit_code == 0,
                    "the fault tests mount file systems as root: " << mounted.err);
  }
  ScopedMount(const ScopedMount&) = delete;
  ScopedMount& operator=(const ScopedMount&) = delete;
  ~ScopedMount() { test::run_program("umount", {"-l", target_.string()}); }

private:
  fs::path target_;
};

/// A tmpfs of `size` (mount's syntax: "16m") on `dir`.
ScopedMount small_tmpfs(const fs::path& dir, const std::string& size) {
  fs::create_directories(dir);
  return ScopedMount({"-t", "tmpfs", "-o", "size=" + size, "tmpfs"}, dir);
}

/// `dir` mounted over itself read-only: root cannot write there either.
struct ReadOnlyDir {
  ScopedMount bind, read_only;
  explicit ReadOnlyDir(const fs::path& dir)
      : bind({"--bind", dir.string()}, dir), read_only({"-o", "remount,bind,ro"}, dir) {}
};

/// A small run's arguments: one removal target (BINFMT_MISC) and a budget of one build.
std::vector<std::string> small_run(const fs::path& config, const fs::path& db) {
  return {"run",
          "--config",
          config.string(),
          "--keep",
          test::pins_except(test::small_bootable_config()),
          "--checks",
          "boot",
          "--budget",
          "1builds",
          "--db",
          db.string(),
          "--workdir",
          test::shared_workdir().string(),
          "--json"};
}

fs::path small_start_config(const fs::path& dir) {
  fs::path config = dir / "start.config";
  test::small_bootable_config("CONFIG_BINFMT_MISC=y\n").config.save(config);
  return config;
}

} // namespace

TEST_CASE("a broken ccache pauses the run, keeps no verdict of it, and the fixed run goes on") {
  auto dir = test::temp_dir();
  fs::path config = small_start_config(dir.path()), db = dir.path() / "kshrink.db";
  util::write_file_atomic(dir.path() / "ccache.conf", "max_size = banana\n");
  // ccache reads this configuration instead of its own; KCFLAGS changes every compile command,
  // so the build must compile (and ccache run) whatever the worker built last.
  auto paused =
      test::run_kshrink(small_run(config, db),
                        {{"CCACHE_CONFIGPATH", (dir.path() / "ccache.conf").string()},
                         {"KCFLAGS", "-DKSHRINK_FAULT_TEST=" + util::sha256_hex(db.string())}});
  CHECK(paused.exit_code == util::exit_codes::environment);
  CHECK(paused.out.empty());
  std::string line = test::last_line(paused.err);
  MESSAGE(line);
  CHECK(line.starts_with("kshrink: error: run 1 paused: a candidate could not be judged"));
  CHECK(line.find("ccache: error: ") != std::string::npos);
  CHECK(line.ends_with("(fix it, then: kshrink run --resume 1 --db " + db.string() + ")"));
  CHECK(test::no_process_mentions(test::shared_workdir()));
  {
    storage::Database database(db);
    storage::RunStore runs(database);
    auto run = runs.get(1);
    REQUIRE(run);
    CHECK(run->state == storage::RunState::paused);
    CHECK(run->error.find("ccache: error: ") != std::string::npos);
    // Nothing of the candidate is recorded: not a failure, not "this option is needed".
    for (const auto& [verdict, count] : runs.trial_counts(1)) {
      CAPTURE(verdict);
      CHECK(optimizer::verdict_named(verdict) == optimizer::Verdict::pass);
    }
    int failures =
        database.sql().execAndGet("SELECT count(*) FROM verdicts WHERE verdict != 'pass'").getInt();
    CHECK(failures == 0);
  }

  auto resumed = test::run_kshrink({"run", "--resume", "1", "--db", db.string(), "--json"});
  REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.err);
  auto summary = nlohmann::json::parse(resumed.out);
  CHECK(summary["state"] == "done");
  CHECK(summary["best_bytes"].get<uint64_t>() <= summary["start_bytes"].get<uint64_t>());
  CHECK(summary["builds"].value("build_failed", 0) == 0);
}

TEST_CASE("a full work directory is the machine's fault, in an unpacking and in a build") {
  auto dir = test::temp_dir();
  SUBCASE("kshrink run unpacking a tree into it: one line, exit 3, no database made") {
    fs::path full = dir.path() / "full-workdir", db = dir.path() / "kshrink.db";
    auto tmpfs = small_tmpfs(full, "16m");
    auto run = test::run_kshrink({"run", "--config", "tinyconfig", "--checks", "boot", "--db",
                                  db.string(), "--workdir", full.string()});
    CHECK(run.exit_code == util::exit_codes::environment);
    std::string line = test::last_line(run.err);
    MESSAGE(line);
    CHECK(line.starts_with("kshrink: error: "));
    CHECK(line.find("No space left on device") != std::string::npos);
    CHECK_FALSE(fs::exists(db));
    CHECK(test::no_process_mentions(full));
  }
  SUBCASE("a build that fills its build directory: infra_error, not build_failed") {
    fs::path full = dir.path() / "full-builders";
    auto tmpfs = small_tmpfs(full, "24m");
    builder::BuildSettings settings;
    settings.min_free_bytes = 0; // past the free-space check: the disk fills during the build
    builder::KernelBuilder worker(test::tools_61().tree(), full, settings, 0);
    auto result = worker.build(test::small_bootable_config().config);
    CHECK(result.status == builder::BuildStatus::infra_error);
    CHECK(result.error_excerpt.find("No space left on device") != std::string::npos);
    CHECK(test::no_process_mentions(full));
  }
}

TEST_CASE("a database on a read-only file system is refused in one line and left as it was") {
  auto dir = test::temp_dir();
  fs::path db_dir = dir.path() / "db", db = db_dir / "kshrink.db";
  fs::path config = small_start_config(dir.path());
  run::RunSettings settings;
  settings.config = config.string();
  settings.checks = "boot";
  settings.workdir = test::shared_workdir().string();
  {
    storage::Database database(db);
    storage::RunStore(database).create(
        {.state = storage::RunState::paused, .settings_json = run::to_json(settings)});
  }
  auto before = util::read_file(db);
  {
    ReadOnlyDir read_only(db_dir);
    for (const auto& args :
         {small_run(config, db),
          std::vector<std::string>{"run", "--resume", "1", "--db", db.string()}}) {
      CAPTURE(args[1]);
      auto run = test::run_kshrink(args);
      CHECK(run.exit_code == util::exit_codes::environment);
      std::string line = test::last_line(run.err);
      MESSAGE(line);
      CHECK(line.starts_with("kshrink: error: "));
      CHECK(line.find("Read-only file system") != std::string::npos);
      CHECK(run.err.find("internal error") == std::string::npos);
    }
  }
  CHECK(util::read_file(db) == before);
  storage::Database database(db);
  CHECK(storage::RunStore(database).get(1)->state == storage::RunState::paused);
}
