// Unit tests of report.txt and the --json summary: each accepted step with the symbols that
// went with it, the savings by menu and symbol, the start-to-best diff, sizes for people.
#include "run/run_summary.h"
#include "tests/test_support.h"
#include "util/files.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace kshrink;

namespace {

run::RunSummary summary() {
  run::RunSummary s;
  s.run = 7;
  s.start_bytes = 2 * 1024 * 1024;
  s.best_bytes = 1536 * 1024;
  s.steps = {{{"EXT4_FS"}, 2 * 1024 * 1024, 1536 * 1024, {"JBD2", "CRC16"}}};
  s.savings = run::break_down(
      {{512 * 1024, {"EXT4_FS"}, {"JBD2", "CRC16"}}},
      [](const std::string& symbol) {
        return symbol == "EXT4_FS" ? 300u : symbol == "JBD2" ? 100u : 0u;
      },
      [](const std::string&) { return std::string("File systems"); });
  s.changes_text = "-CRC16 y\n EXT4_FS y -> n\n-JBD2 y\n";
  return s;
}

} // namespace

TEST_CASE("report.txt: steps with what went with them, savings by menu and symbol, the diff") {
  auto dir = test::temp_dir();
  run::write_report(summary(), dir.path() / "report.txt");
  std::string report = util::read_file(dir.path() / "report.txt");
  CHECK(report.find("best:  1.50 MiB (1572864 bytes), 25.0% saved") != std::string::npos);
  CHECK(report.find("  512.0 KiB\tEXT4_FS\n  \twith: JBD2 CRC16\n") != std::string::npos);
  CHECK(report.find("  512.0 KiB\tFile systems (2 symbols)\n") != std::string::npos);
  CHECK(report.find("  384.0 KiB\testimated\tEXT4_FS\tFile systems\n") != std::string::npos);
  CHECK(report.find("  128.0 KiB\testimated\tJBD2\tFile systems\n") != std::string::npos);
  CHECK(report.ends_with("(scripts/diffconfig's form):\n-CRC16 y\n EXT4_FS y -> n\n-JBD2 y\n"));
}

TEST_CASE("report.txt leaves a distro start config's long diff to its file") {
  auto dir = test::temp_dir();
  auto long_diff = summary();
  long_diff.changes_text.clear();
  for (size_t i = 0; i <= run::report_diff_lines; ++i)
    long_diff.changes_text += "-MODULE_" + std::to_string(i) + " m\n";
  run::write_report(long_diff, dir.path() / "report.txt");
  std::string report = util::read_file(dir.path() / "report.txt");
  CHECK(report.find("scripts/diffconfig's form") == std::string::npos);
  CHECK(report.find("changes from the start config: ") != std::string::npos);
}

TEST_CASE("the --json summary carries exact bytes, dependents and savings") {
  auto json = nlohmann::json::parse(run::summary_json(summary()));
  CHECK(json["removals"][0]["bytes_saved"] == 512 * 1024);
  CHECK(json["removals"][0]["dependents"] == nlohmann::json({"JBD2", "CRC16"}));
  CHECK(json["savings"]["menus"][0]["menu"] == "File systems");
  CHECK(json["savings"]["menus"][0]["bytes"] == 512 * 1024);
  CHECK(json["savings"]["symbols"][0]["symbol"] == "EXT4_FS");
  CHECK(json["savings"]["symbols"][0]["measured"] == false);
}
