// Unit tests for run/base_config: the base is tinyconfig plus what is wanted and its
// dependency closure within the start config, each symbol with why it is there.
#include "run/base_config.h"

#include <doctest/doctest.h>

using namespace kshrink;

namespace {

kconfig::Symbol symbol(std::string name, std::string value, std::vector<std::string> depends = {},
                       bool prompt = true) {
  kconfig::Symbol s;
  s.name = std::move(name);
  s.type = "tristate";
  s.value = std::move(value);
  s.has_prompt = prompt;
  s.depends_symbols = std::move(depends);
  return s;
}

kconfig::Symbol prompted_if(kconfig::Symbol s, std::vector<std::string> visibility) {
  s.visibility_symbols = std::move(visibility);
  return s;
}

bool has_line_starting(const std::vector<std::string>& lines, const std::string& start) {
  for (const auto& line : lines)
    if (line.starts_with(start)) return true;
  return false;
}

} // namespace

TEST_CASE("the base sets what is wanted and what it depends on, as the start config has it") {
  auto choice_member = symbol("SLUB", "y");
  choice_member.choice = "Choose SLAB allocator";
  auto start = kconfig::SymbolTable::from_symbols({
      symbol("EXPERT", "y"),
      symbol("BLOCK", "y"),
      symbol("VIRTIO", "m", {}, false), // no prompt: selected, never set
      symbol("VIRTIO_MENU", "y"),
      symbol("VIRTIO_PCI", "m", {"VIRTIO_MENU", "PCI"}),
      prompted_if(symbol("E1000", "m"), {"NET_VENDOR_INTEL"}), // prompt "if NET_VENDOR_INTEL"
      symbol("NET_VENDOR_INTEL", "y"),
      symbol("PCI", "y"),
      symbol("EXT4_FS", "m", {"BLOCK", "COMPILE_TEST", "12345"}), // `|| COMPILE_TEST`, a literal
      symbol("COMPILE_TEST", "n"),
      symbol("SOUND", "m"),
      symbol("NEEDS_SLUB", "y", {"SLUB"}),
      choice_member,
  });
  kconfig::ConfigFile tiny = kconfig::ConfigFile::parse("# CONFIG_BLOCK is not set\n", "tiny");
  auto base = run::make_base(tiny, start,
                             {{"EXT4_FS", "check ext4"},
                              {"E1000", "profile: module e1000"},
                              {"VIRTIO_PCI", "profile: module virtio_pci"},
                              {"NOT_IN_TREE", "check x"},
                              {"COMPILE_TEST", "check y"},
                              {"NEEDS_SLUB", "check z"},
                              {"SLUB", "check w"}},
                             {"EXPERT"});
  const auto& c = base.config;
  CHECK(c.value("EXPERT") == "y");
  CHECK(c.value("EXT4_FS") == "y"); // m in the start config: built in here
  CHECK(c.value("BLOCK") == "y");   // set in place of tinyconfig's "is not set"
  CHECK(c.value("VIRTIO_PCI") == "y");
  CHECK(c.value("VIRTIO_MENU") == "y");
  CHECK(c.value("PCI") == "y");
  CHECK(c.value("NET_VENDOR_INTEL") == "y"); // else Kconfig hides E1000's prompt and drops it
  CHECK_FALSE(c.value("VIRTIO")); // promptless: left to Kconfig
  CHECK_FALSE(c.value("COMPILE_TEST"));
  CHECK_FALSE(c.value("SOUND"));
  CHECK_FALSE(c.value("SLUB")); // a choice member: the search's choice switch decides
  CHECK(base.origin.at("EXT4_FS") == "check ext4");
  CHECK(base.origin.at("PCI") == "dependency of VIRTIO_PCI");
  CHECK(has_line_starting(base.skipped, "NOT_IN_TREE: no such symbol"));
  CHECK(has_line_starting(base.skipped, "COMPILE_TEST: off in the start config"));
  CHECK(has_line_starting(base.skipped, "SLUB: a choice member"));
  CHECK_FALSE(has_line_starting(base.skipped, "12345"));
}
