// Unit tests for kconfig/kconfig_tools: reading kbuild's record of Kconfig's environment.
#include "kconfig/kconfig_tools.h"
#include "util/files.h"

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

TEST_CASE("a failed conf shows its first Kconfig errors, not the cascade after them") {
  auto dir = kshrink::util::ScratchDir(std::filesystem::temp_directory_path(), "kshrink-test-");
  auto log = dir.path() / "conf.log";
  kshrink::util::write_file_atomic(
      log, "  HOSTCC  scripts/kconfig/conf.o\nscripts/kconfig/conf.c:3:1: warning: unused\n"
           "fs/ext4/Kconfig:30: syntax error\nfs/ext4/Kconfig:29: invalid statement\n"
           "fs/ext4/Kconfig:59: unknown statement \"endif\"\nfs/ext4/Kconfig:61: syntax error\n"
           "make[2]: *** [Makefile:77: olddefconfig] Error 1\n");
  CHECK(kconfig::conf_failure_excerpt(log) ==
        "fs/ext4/Kconfig:30: syntax error\nfs/ext4/Kconfig:29: invalid statement\n"
        "fs/ext4/Kconfig:59: unknown statement \"endif\"\n");
  kshrink::util::write_file_atomic(log, "a\nb\nc\nd\ne\nf\nno such file\n");
  CHECK(kconfig::conf_failure_excerpt(log) == "c\nd\ne\nf\nno such file\n");
}
