// Unit tests for kconfig/fragment_requests: every fragment line the resolved config does not
// honour is reported with the symbol and the reason; honoured lines are not.
#include "kconfig/fragment_requests.h"

#include <doctest/doctest.h>

using namespace kshrink::kconfig;

namespace {

Symbol symbol(std::string name, std::string type, std::string value) {
  Symbol s;
  s.name = std::move(name);
  s.type = std::move(type);
  s.value = std::move(value);
  s.has_prompt = true;
  s.visible = "y";
  return s;
}

SymbolTable table() {
  auto net = symbol("NET", "bool", "n");
  auto inet = symbol("INET", "bool", "n");
  inet.depends_symbols = {"NET"};
  auto crc = symbol("CRC32", "tristate", "y");
  auto ext4 = symbol("EXT4_FS", "tristate", "y");
  ext4.selects = {"CRC32"};
  auto hz100 = symbol("HZ_100", "bool", "n");
  hz100.choice = "Timer frequency";
  auto cpus = symbol("NR_CPUS", "int", "64");
  auto name = symbol("LOCALVERSION", "string", "-tiny");
  auto helper = symbol("HAVE_THING", "bool", "n");
  helper.has_prompt = false;
  return SymbolTable::from_symbols({net, inet, crc, ext4, hz100, cpus, name, helper});
}

} // namespace

TEST_CASE("honoured requests are not reported") {
  auto unmet = unmet_requests({{"f", "EXT4_FS", "y"},
                               {"f", "NET", "n"},
                               {"f", "NR_CPUS", "64"},
                               {"f", "LOCALVERSION", "\"-tiny\""}},
                              table());
  CHECK(unmet.empty());
}

TEST_CASE("each request Kconfig overrode is named with its reason") {
  auto t = table();
  auto one = [&](const std::string& symbol, const std::string& value) {
    auto unmet = unmet_requests({{"board.cfg", symbol, value}}, t);
    REQUIRE(unmet.size() == 1);
    return unmet.front();
  };
  CHECK(one("NOT_A_SYMBOL", "y") ==
        "fragment board.cfg: CONFIG_NOT_A_SYMBOL=y dropped: no symbol NOT_A_SYMBOL in this tree");
  CHECK(one("INET", "y") == "fragment board.cfg: CONFIG_INET=y dropped: Kconfig made it n: it "
                            "depends on NET, off in this config");
  CHECK(one("CRC32", "n") ==
        "fragment board.cfg: CONFIG_CRC32=n dropped: Kconfig made it y: selected by EXT4_FS");
  CHECK(one("HZ_100", "y").ends_with("another member of its choice (Timer frequency) is selected"));
  CHECK(one("NR_CPUS", "100000") == "fragment board.cfg: CONFIG_NR_CPUS=100000 dropped: Kconfig "
                                    "made it 64: not a valid int value for it (out of its range "
                                    "or malformed)");
  CHECK(one("HAVE_THING", "y").ends_with("it has no prompt: Kconfig sets it itself"));
  CHECK(one("LOCALVERSION", "\"-big\"").find("made it \"-tiny\"") != std::string::npos);
}
