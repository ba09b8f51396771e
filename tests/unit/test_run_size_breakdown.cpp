// Unit tests of the savings breakdown: steps' measured bytes shared by estimate, summed by menu.
#include "run/size_breakdown.h"

#include <doctest/doctest.h>

#include <map>

using namespace kshrink::run;

namespace {

const std::map<std::string, uint64_t> estimates = {
    {"EXT4_FS", 300}, {"JBD2", 100}, {"NET", 500}, {"INET", 250}};
const std::map<std::string, std::string> menus = {{"EXT4_FS", "File systems"},
                                                  {"JBD2", "File systems"},
                                                  {"NET", "Networking support"},
                                                  {"INET", "Networking support"}};

SizeBreakdown run_break_down(const std::vector<StepChange>& steps) {
  return break_down(
      steps,
      [](const std::string& s) { return estimates.contains(s) ? estimates.at(s) : uint64_t(0); },
      [](const std::string& s) { return menus.contains(s) ? menus.at(s) : top_level_menu; });
}

const SymbolSaving& find(const SizeBreakdown& b, const std::string& symbol) {
  for (const auto& s : b.symbols)
    if (s.symbol == symbol) return s;
  FAIL("no saving for " << symbol);
  throw;
}

} // namespace

TEST_CASE("a step's measured bytes are shared by estimate, and add up to what it measured") {
  auto b = run_break_down({{1001, {"EXT4_FS"}, {"JBD2", "CRC16"}}});
  REQUIRE(b.symbols.size() == 2); // CRC16 has no estimate: no share
  CHECK(find(b, "EXT4_FS").bytes + find(b, "JBD2").bytes == 1001);
  CHECK(find(b, "EXT4_FS").bytes == 750);
  CHECK_FALSE(find(b, "EXT4_FS").measured);
  REQUIRE(b.menus.size() == 1);
  CHECK(b.menus[0].menu == "File systems");
  CHECK(b.menus[0].bytes == 1001);
  CHECK(b.menus[0].symbols == 2);
}

TEST_CASE(
    "a symbol that was alone in its steps is measured, and menus and symbols come largest first") {
  auto b = run_break_down({{400, {"NET"}, {}}, {100, {"EXT4_FS"}, {}}, {50, {"NET"}, {}}});
  CHECK(find(b, "NET").bytes == 450);
  CHECK(find(b, "NET").measured);
  CHECK(b.symbols[0].symbol == "NET");
  CHECK(b.menus[0].menu == "Networking support");
  CHECK(b.menus[1].menu == "File systems");
  // A share of a step that changed several takes the measured mark away.
  auto shared = run_break_down({{400, {"NET"}, {}}, {750, {"NET", "INET"}, {}}});
  CHECK_FALSE(find(shared, "NET").measured);
  CHECK(find(shared, "NET").bytes == 400 + 500);
}

TEST_CASE("a step with no estimates is shared equally among its own symbols, not dependents") {
  auto b = run_break_down({{101, {"A", "B"}, {"C"}}});
  REQUIRE(b.symbols.size() == 2);
  CHECK(find(b, "A").bytes + find(b, "B").bytes == 101);
  CHECK(find(b, "A").menu == top_level_menu);
  CHECK(run_break_down({{0, {"NET"}, {}}}).symbols.empty()); // nothing saved, nothing shared
}
