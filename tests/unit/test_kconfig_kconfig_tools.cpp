// Unit tests for kconfig/kconfig_tools: reading kbuild's record of Kconfig's environment.
#include "kconfig/kconfig_tools.h"

#include <doctest/doctest.h>

using namespace kshrink;

TEST_CASE("parse_auto_conf_cmd reads every environment variable Kconfig used") {
  std::string content = "deps_config := \\\n\tinit/Kconfig \\\n\tKconfig\n\n"
                        "include/config/auto.conf: $(deps_config)\n\n"
                        "ifneq \"$(ARCH)\" \"x86_64\"\ninclude/config/auto.conf: FORCE\nendif\n"
                        "ifneq \"$(CC_VERSION_TEXT)\" \"gcc (Debian 12.2.0-14) 12.2.0\"\n"
                        "include/config/auto.conf: FORCE\nendif\n"
                        "ifneq \"$(RUSTC)\" \"\"\ninclude/config/auto.conf: FORCE\nendif\n";
  auto env = kconfig::parse_auto_conf_cmd(content);
  CHECK(env.size() == 3);
  CHECK(env.at("ARCH") == "x86_64");
  CHECK(env.at("CC_VERSION_TEXT") == "gcc (Debian 12.2.0-14) 12.2.0");
  CHECK(env.at("RUSTC").empty());
}
