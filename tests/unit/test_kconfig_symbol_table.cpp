// Unit tests for kconfig/symbol_table: parsing the dump helper's lines, reverse edges, summary.
#include "kconfig/symbol_table.h"
#include "util/error.h"

#include <doctest/doctest.h>

using namespace kshrink;

namespace {

std::string symbol_line(const std::string& name, const std::string& type, const std::string& value,
                        bool prompt, const std::string& selects,
                        const std::string& choice = "null") {
  return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"value\":\"" + value +
         "\",\"prompt\":" + (prompt ? "true" : "false") + ",\"prompt_text\":\"\"," +
         "\"visible\":\"" + (prompt ? "y" : "n") + "\",\"user_set\":false,\"file\":\"Kconfig\"," +
         "\"line\":1,\"menu\":[\"General setup\"],\"choice\":" + choice +
         ",\"choice_id\":" + (choice == "null" ? "null" : "\"init/Kconfig:254\"") +
         ",\"depends\":\"BLOCK\",\"depends_symbols\":[\"BLOCK\"],\"visibility\":\"\"," +
         "\"visibility_symbols\":[],\"selects\":[" + selects + "],\"implies\":[]}\n";
}

} // namespace

TEST_CASE("the table keeps menu order, finds by name and derives selected_by") {
  std::string lines = symbol_line("EXT4_FS", "tristate", "y", true, "\"JBD2\",\"CRC16\"") +
                      symbol_line("JBD2", "tristate", "y", false, "") +
                      symbol_line("CRC16", "tristate", "y", true, "") +
                      symbol_line("LOG_BUF_SHIFT", "integer", "17", true, "");
  auto table = kconfig::SymbolTable::parse(lines);
  REQUIRE(table.symbols().size() == 4);
  CHECK(table.symbols()[0].name == "EXT4_FS");
  const auto* jbd2 = table.find("JBD2");
  REQUIRE(jbd2);
  CHECK(jbd2->selected_by == std::vector<std::string>{"EXT4_FS"});
  CHECK_FALSE(jbd2->has_prompt);
  CHECK(table.find("LOG_BUF_SHIFT")->type == "int");
  CHECK(table.find("EXT4_FS")->depends_symbols == std::vector<std::string>{"BLOCK"});
  CHECK(table.find("NOPE") == nullptr);
}

TEST_CASE("the summary counts types, values, prompts and distinct choices") {
  std::string choice = "\"Kernel compression mode\"";
  std::string lines = symbol_line("KERNEL_GZIP", "bool", "n", true, "", choice) +
                      symbol_line("KERNEL_XZ", "bool", "y", true, "", choice) +
                      symbol_line("HAVE_KERNEL_XZ", "bool", "y", false, "") +
                      symbol_line("EXT4_FS", "tristate", "m", true, "");
  auto summary = kconfig::SymbolTable::parse(lines).summary();
  CHECK(summary.symbols == 4);
  CHECK(summary.with_prompt == 3);
  CHECK(summary.choices == 1);
  CHECK(summary.by_type.at("bool") == 3);
  CHECK(summary.by_value.at("y") == 2);
  CHECK(summary.by_value.at("m") == 1);
}

TEST_CASE("a malformed dump line is an Error with its line number") {
  std::string lines = symbol_line("A", "bool", "y", true, "") + "{\"name\":\"B\"}\n";
  CHECK_THROWS_WITH_AS(kconfig::SymbolTable::parse(lines), doctest::Contains("line 2"),
                       util::Error);
}
