// Unit tests for run/: budgets, objectives and the settings stored with each run.
#include "run/budget.h"
#include "run/objective.h"
#include "run/run_settings.h"
#include "util/error.h"

#include <doctest/doctest.h>

using namespace kshrink;

TEST_CASE("budgets: time, builds, or both") {
  CHECK(run::parse_budget("8h").time == std::chrono::hours(8));
  CHECK(run::parse_budget("90m").time == std::chrono::minutes(90));
  CHECK(run::parse_budget("300builds").builds == 300);
  auto both = run::parse_budget("45s,12builds");
  CHECK(both.time == std::chrono::seconds(45));
  CHECK(both.builds == 12);
  CHECK_FALSE(run::parse_budget("").time);
  for (const char* bad : {"8 hours", "h", "-3h", "12bananas", "0s", "0builds",
                          "99999999999999999999999h", "20000000builds"})
    CHECK_THROWS_WITH_AS(run::parse_budget(bad), doctest::Contains("bad budget"), util::Error);
}

TEST_CASE("objectives by name, and what each measures") {
  builder::BuildResult build;
  build.bzimage_bytes = 1000;
  build.vmlinux = {.text = 300, .data = 200, .bss = 100};
  build.modules_bytes = 50;
  CHECK(run::objective_bytes(run::parse_objective("bzimage"), build) == 1000);
  CHECK(run::objective_bytes(run::parse_objective("vmlinux"), build) == 600);
  CHECK(run::objective_bytes(run::parse_objective("bzimage+modules"), build) == 1050);
  CHECK_THROWS_WITH_AS(run::parse_objective("initrd"), doctest::Contains("unknown objective"),
                       util::Error);
}

TEST_CASE("run settings round-trip through JSON, and unknown keys are refused") {
  run::RunSettings settings;
  settings.checks = "boot,ext4";
  settings.workers = 3;
  settings.keep = "SECURITY_YAMA";
  auto back = run::settings_from_json(run::to_json(settings));
  CHECK(back.checks == "boot,ext4");
  CHECK(back.workers == 3);
  CHECK(back.keep == "SECURITY_YAMA");
  CHECK(back.strategy == "ddmin");
  CHECK_THROWS_WITH_AS(run::settings_from_json("{\"checks\":\"boot\",\"colour\":1}"),
                       doctest::Contains("unknown run setting 'colour'"), util::Error);
  CHECK_THROWS_AS(run::settings_from_json("{not json"), util::Error);
}
