// Unit tests of config differences: the groups, order and forms of the tree's
// scripts/diffconfig (plain and -m), and sizes for people.
#include "kconfig/config_diff.h"
#include "util/human_units.h"

#include <doctest/doctest.h>

using namespace kshrink;
using kconfig::ConfigFile;

namespace {

const char* const start_text = "CONFIG_A=y\n"
                               "# CONFIG_B is not set\n"
                               "CONFIG_LOG_BUF_SHIFT=14\n"
                               "CONFIG_GONE=m\n"
                               "CONFIG_CMDLINE=\"quiet\"\n"
                               "CONFIG_SAME=y\n";
const char* const best_text = "# CONFIG_A is not set\n"
                              "CONFIG_B=y\n"
                              "CONFIG_LOG_BUF_SHIFT=16\n"
                              "CONFIG_CMDLINE=\"\"\n"
                              "CONFIG_SAME=y\n"
                              "CONFIG_NEW=y\n"
                              "# CONFIG_ALSO_NEW is not set\n";

} // namespace

TEST_CASE("a diff lists removed, then changed, then added symbols, each sorted, as diffconfig") {
  auto changes = kconfig::diff_configs(ConfigFile::parse(start_text), ConfigFile::parse(best_text));
  // What `scripts/diffconfig start best` prints for this pair.
  CHECK(kconfig::diffconfig_text(changes) == "-GONE m\n"
                                             " A y -> n\n"
                                             " B n -> y\n"
                                             " CMDLINE \"quiet\" -> \"\"\n"
                                             " LOG_BUF_SHIFT 14 -> 16\n"
                                             "+ALSO_NEW n\n"
                                             "+NEW y\n");
  auto counts = kconfig::count_changes(changes);
  CHECK(counts.removed == 1);
  CHECK(counts.changed == 4);
  CHECK(counts.added == 2);
}

TEST_CASE("the fragment holds the new and changed values, as diffconfig -m prints them") {
  auto changes = kconfig::diff_configs(ConfigFile::parse(start_text), ConfigFile::parse(best_text));
  CHECK(kconfig::fragment_text(changes) == "# CONFIG_A is not set\n"
                                           "CONFIG_B=y\n"
                                           "CONFIG_CMDLINE=\"\"\n"
                                           "CONFIG_LOG_BUF_SHIFT=16\n"
                                           "# CONFIG_ALSO_NEW is not set\n"
                                           "CONFIG_NEW=y\n");
  // Merged onto the start, the fragment gives every value the best config names.
  ConfigFile merged = ConfigFile::parse(start_text);
  merged.merge(ConfigFile::parse(kconfig::fragment_text(changes)));
  for (const auto& [symbol, value] : ConfigFile::parse(best_text).assignments())
    CHECK(merged.value(symbol) == value);
}

TEST_CASE("identical configs have no changes, whatever their order and comments") {
  auto a = ConfigFile::parse("# a comment\nCONFIG_A=y\nCONFIG_B=m\n");
  auto b = ConfigFile::parse("CONFIG_B=m\n\nCONFIG_A=y\n");
  CHECK(kconfig::diff_configs(a, b).empty());
  CHECK(kconfig::diffconfig_text({}).empty());
}

TEST_CASE("sizes for people are in binary units, shares rounded to a tenth of a percent") {
  CHECK(util::bytes_text(0) == "0 B");
  CHECK(util::bytes_text(1023) == "1023 B");
  CHECK(util::bytes_text(1024) == "1.0 KiB");
  CHECK(util::bytes_text(626688) == "612.0 KiB");
  CHECK(util::bytes_text(1221632) == "1.17 MiB");
  CHECK(util::bytes_text(uint64_t(3) << 30) == "3.00 GiB");
  CHECK(util::saved_text(1610752, 1221632) == "24.2%");
  CHECK(util::saved_text(0, 0) == "-");
  CHECK(util::saved_text(1000, 1100) == "-10.0%"); // a base grown past the start
}
