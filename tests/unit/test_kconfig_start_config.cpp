// Unit tests for kconfig/start_config without a tree: another architecture's config is refused
// by name, an x86_64 one is not.
#include "kconfig/start_config.h"
#include "util/error.h"

#include <doctest/doctest.h>

using namespace kshrink;
using kconfig::ConfigFile;

TEST_CASE("a config for another architecture is refused, naming it") {
  auto arm = ConfigFile::parse("CONFIG_ARM64=y\nCONFIG_64BIT=y\nCONFIG_EXT4_FS=y\n");
  CHECK_THROWS_WITH_AS(kconfig::refuse_other_architecture(arm, "board.config"),
                       "board.config is a config for arm64 (CONFIG_ARM64=y): kshrink builds "
                       "x86_64 kernels",
                       util::Error);
  auto i386 = ConfigFile::parse("CONFIG_X86=y\nCONFIG_X86_32=y\n");
  CHECK_THROWS_WITH_AS(kconfig::refuse_other_architecture(i386, "old.config"),
                       doctest::Contains("i386"), util::Error);
  auto x86_64 = ConfigFile::parse("CONFIG_X86=y\nCONFIG_X86_64=y\n# CONFIG_X86_32 is not set\n"
                                  "# CONFIG_ARM64 is not set\n");
  CHECK_NOTHROW(kconfig::refuse_other_architecture(x86_64, "good.config"));
}

TEST_CASE("a --config value splits into its base and its fragments, in order") {
  auto split = kconfig::split_config_spec("tinyconfig+a.cfg+dir/b.cfg");
  CHECK(split.base == "tinyconfig");
  CHECK(split.fragments == std::vector<std::string>{"a.cfg", "dir/b.cfg"});
  CHECK(kconfig::split_config_spec("my.config").fragments.empty());
  CHECK(kconfig::split_config_spec("defconfig+").fragments == std::vector<std::string>{""});
  CHECK(kconfig::is_start_config_keyword("debian"));
  CHECK_FALSE(kconfig::is_start_config_keyword("my.config"));
}
