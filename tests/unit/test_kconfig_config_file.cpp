// Unit tests for kconfig/config_file: exact round trips, typed access, refusal of non-configs.
#include "kconfig/config_file.h"
#include "tests/test_support.h"
#include "util/error.h"

#include <doctest/doctest.h>

using namespace kshrink;
using kconfig::ConfigFile;

namespace {
const char* sample = "#\n"
                     "# Automatically generated file; DO NOT EDIT.\n"
                     "#\n"
                     "CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14) 12.2.0\"\n"
                     "CONFIG_64BIT=y\n"
                     "CONFIG_EXT4_FS=m\n"
                     "# CONFIG_KERNEL_GZIP is not set\n"
                     "CONFIG_LOG_BUF_SHIFT=17\n"
                     "CONFIG_PHYSICAL_START=0x1000000\n"
                     "\n"
                     "# end of General setup\n";
}

TEST_CASE("a config round-trips byte for byte") {
  CHECK(ConfigFile::parse(sample).text() == sample);
}

TEST_CASE("a config without a final newline round-trips too") {
  CHECK(ConfigFile::parse("CONFIG_A=y\nCONFIG_B=n").text() == "CONFIG_A=y\nCONFIG_B=n");
  CHECK(ConfigFile::parse("").text().empty());
}

TEST_CASE("values are read by symbol name") {
  auto config = ConfigFile::parse(sample);
  CHECK(config.value("64BIT") == "y");
  CHECK(config.value("EXT4_FS") == "m");
  CHECK(config.value("KERNEL_GZIP") == "n");
  CHECK(config.value("PHYSICAL_START") == "0x1000000");
  CHECK(config.value("CC_VERSION_TEXT") == "\"gcc (Debian 12.2.0-14) 12.2.0\"");
  CHECK_FALSE(config.value("NOT_THERE"));
  CHECK(config.count_enabled() == 5);
}

TEST_CASE("set rewrites a line in place, or appends") {
  auto config = ConfigFile::parse(sample);
  config.set("EXT4_FS", "n");
  config.set("KERNEL_GZIP", "y");
  config.set("NEW_ONE", "y");
  std::string text = config.text();
  CHECK(text.find("# CONFIG_EXT4_FS is not set\n# CONFIG_KERNEL_GZIP") == std::string::npos);
  CHECK(text.find("CONFIG_64BIT=y\n# CONFIG_EXT4_FS is not set\nCONFIG_KERNEL_GZIP=y\n") !=
        std::string::npos);
  CHECK(text.ends_with("# end of General setup\nCONFIG_NEW_ONE=y\n"));
  CHECK(ConfigFile::parse(text).value("EXT4_FS") == "n");
}

TEST_CASE("the hash ignores order, comments and 'is not set' lines, and sees values") {
  auto a = ConfigFile::parse("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n");
  auto b = ConfigFile::parse("# header\nCONFIG_B=m\n\nCONFIG_A=y\n");
  auto c = ConfigFile::parse("CONFIG_A=y\nCONFIG_B=y\n");
  CHECK(a.hash() == b.hash());
  CHECK(a.hash() != c.hash());
  CHECK(a.hash().size() == 64);
}

TEST_CASE("a file that is not a config is refused with the line that shows it") {
  CHECK_THROWS_WITH_AS(ConfigFile::parse("root:x:0:0:root:/root:/bin/bash\n", "/etc/passwd"),
                       doctest::Contains("/etc/passwd:1: not a kernel config line: 'root:x:0:0"),
                       util::Error);
  CHECK_THROWS_WITH_AS(ConfigFile::parse("CONFIG_A=y\nCONFIG_B=maybe\n", "c"),
                       doctest::Contains("c:2:"), util::Error);
  CHECK_THROWS_WITH_AS(ConfigFile::parse(std::string("CONFIG_A=y\n\x7f"
                                                     "ELF\0\0",
                                                     16),
                                         "vmlinux"),
                       doctest::Contains("binary data"), util::Error);
}

TEST_CASE("loading a missing file is an Error naming it") {
  CHECK_THROWS_WITH_AS(ConfigFile::load("/nonexistent/.config"),
                       "config file not found: /nonexistent/.config", util::Error);
}

TEST_CASE("save writes the exact text") {
  auto dir = test::temp_dir();
  ConfigFile::parse(sample).save(dir.path() / ".config");
  CHECK(util::read_file(dir.path() / ".config") == sample);
}

TEST_CASE("string values are quoted as Kconfig writes them") {
  CHECK(kconfig::quote_string_value("a \"b\" \\c") == "\"a \\\"b\\\" \\\\c\"");
}

TEST_CASE("merge moves every assignment of a fragment to the end, as merge_config.sh does") {
  auto config = ConfigFile::parse("CONFIG_A=y\n# comment\n# CONFIG_B is not set\nCONFIG_D=y\n");
  auto redefined = config.merge(
      ConfigFile::parse("# fragment\nCONFIG_B=y\n# CONFIG_A is not set\nCONFIG_C=m\n"));
  CHECK(config.text() == "# comment\nCONFIG_D=y\nCONFIG_B=y\n# CONFIG_A is not set\nCONFIG_C=m\n");
  CHECK(config.value("A") == "n");
  CHECK(config.value("D") == "y");
  REQUIRE(redefined.size() == 2);
  CHECK(redefined[0].symbol == "B");
  CHECK(redefined[0].before == "n");
  CHECK(redefined[0].after == "y");
  CHECK(redefined[1].symbol == "A");
}

TEST_CASE("a choice member set in a fragment is read after the base's member") {
  // conf takes the last member set to y: the fragment's must come after the base's.
  auto config = ConfigFile::parse("# CONFIG_HZ_100 is not set\nCONFIG_HZ_1000=y\n");
  config.merge(ConfigFile::parse("CONFIG_HZ_100=y\n"));
  CHECK(config.text() == "CONFIG_HZ_1000=y\nCONFIG_HZ_100=y\n");
}

TEST_CASE("lines are read as conf reads them: CRLF, and anything after 'is not set'") {
  auto config =
      ConfigFile::parse("CONFIG_A=y\r\n# CONFIG_B is not set \r\n# CONFIG_C is not set\t\n"
                        "# CONFIG_D is not settled\n# a comment\r\n");
  CHECK(config.value("A") == "y");
  CHECK(config.value("B") == "n");
  CHECK(config.value("C") == "n");
  CHECK(config.value("D") == "n"); // conf compares "is not set" only
  CHECK(config.text() == "CONFIG_A=y\n# CONFIG_B is not set \n# CONFIG_C is not set\t\n"
                         "# CONFIG_D is not settled\n# a comment\n");
}
