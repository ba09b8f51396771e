// End-to-end test of `kshrink run` on the real 6.1 tree: a small bootable config plus
// twelve extras, checks `boot` and a user's script that needs /proc/config.gz, a bounded
// budget. The run must remove the extras the checks do not need, keep the two the script needs,
// write its best config and report, and the best config rebuilt clean in a fresh worker must
// pass the same checks. A second run on the same database answers every candidate from the
// stored verdicts. The extras are options few objects depend on (fixdep counts), so candidates
// rebuild in seconds rather than minutes and the test stays within CI's time (PROC_KCORE, for
// one, selects symbols hundreds of objects test: every candidate that toggles it takes minutes).
#include "tests/integration/real_tree.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {

/// Extras with code of their own that the checks do not need: the run must remove them.
const std::vector<std::string> unneeded_extras = {"BINFMT_MISC", "MAGIC_SYSRQ", "CONFIGFS_FS",
                                                  "KCMP",        "FHANDLE",     "INPUT_EVDEV",
                                                  "TTY_PRINTK",  "NULL_TTY"};
/// Not needed either, but removing one alone shrinks neither bzImage nor vmlinux's
/// text+data+bss on 6.1 (measured: too_big; USELIB: 889,856 and 6,689,980 bytes with it and
/// without it), so a run that only accepts smaller kernels keeps them unless a chunk that holds
/// them passes.
const std::vector<std::string> neutral_extras = {"PROC_CHILDREN", "USELIB"};
const std::vector<std::string> needed_extras = {"IKCONFIG", "IKCONFIG_PROC"};
const std::string checks = "boot,script:" KSHRINK_FIXTURES "/needs-config-gz.sh";

std::string extras_fragment() {
  std::string fragment;
  for (const auto& list : {unneeded_extras, neutral_extras, needed_extras})
    for (const auto& symbol : list)
      fragment += "CONFIG_" + symbol + "=y\n";
  return fragment;
}

std::vector<std::string> run_args(const fs::path& config, const fs::path& db,
                                  const std::string& keep) {
  return {"run",
          "--config",
          config.string(),
          "--checks",
          checks,
          "--keep",
          keep,
          "--budget",
          "30builds",
          "--db",
          db.string(),
          "--workdir",
          test::shared_workdir().string(),
          "--json"};
}

} // namespace

TEST_CASE("kshrink run removes the extras the checks do not need, and the result holds") {
  auto start = test::small_bootable_config(extras_fragment());
  for (const auto& list : {unneeded_extras, neutral_extras, needed_extras})
    for (const auto& symbol : list)
      REQUIRE_MESSAGE(start.config.value(symbol) == "y", symbol << " is off in the start config");
  auto dir = test::temp_dir();
  fs::path config = dir.path() / "start.config";
  start.config.save(config);
  fs::path db = dir.path() / "kshrink.db";
  std::string keep = test::pins_except(test::small_bootable_config());

  auto first = test::run_kshrink(run_args(config, db, keep));
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  auto summary = nlohmann::json::parse(first.out);
  MESSAGE("run: " << summary.dump());
  CHECK(summary["state"] == "done");
  uint64_t start_bytes = summary["start_bytes"], best_bytes = summary["best_bytes"];
  CHECK(best_bytes < start_bytes);
  CHECK(summary["removals"].size() >= 1);

  auto best = kconfig::ConfigFile::load(summary["best_config"].get<std::string>());
  for (const auto& symbol : needed_extras)
    CHECK_MESSAGE(best.value(symbol) == "y", symbol << " was removed: the script needs it");
  for (const auto& symbol : unneeded_extras)
    CHECK_MESSAGE(best.value(symbol).value_or("n") == "n", symbol << " was not removed");
  for (const auto& symbol : {"BINFMT_SCRIPT", "PROC_FS", "SERIAL_8250_CONSOLE"})
    CHECK(best.value(symbol) == "y"); // pinned
  CHECK(fs::exists(summary["best_defconfig"].get<std::string>()));
  std::string report = util::read_file(summary["report"].get<std::string>());
  CHECK(report.find("accepted removals") != std::string::npos);

  // The best config, rebuilt from scratch in a worker of its own, passes the same checks.
  fs::remove_all(util::WorkDir(test::shared_workdir()).builder(test::tools_61().tree().key, 5));
  auto rebuilt = test::run_kshrink({"build", "--config", summary["best_config"], "--worker", "5",
                                    "--workdir", test::shared_workdir().string(), "--json"});
  REQUIRE_MESSAGE(rebuilt.exit_code == 0, rebuilt.err);
  auto build = nlohmann::json::parse(rebuilt.out);
  CHECK(build["bzimage_bytes"] == best_bytes);
  auto booted = test::run_kshrink({"boot", "--kernel", build["kernel_image"], "--checks", checks,
                                   "--workdir", test::shared_workdir().string()});
  CHECK_MESSAGE(booted.exit_code == 0, booted.err);

  // The same run again: every verdict comes from the database, nothing is built.
  auto second = test::run_kshrink(run_args(config, db, keep));
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  auto again = nlohmann::json::parse(second.out);
  CHECK(again["best_bytes"] == best_bytes);
  CHECK(again["builds"].empty());
  CHECK(again["start_builds"] == 0);
}
