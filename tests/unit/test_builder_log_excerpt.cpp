// Unit tests for builder/log_excerpt and artifact_sizes: what a failed build's log shows, and
// reading `size` output.
#include "builder/artifact_sizes.h"
#include "builder/build_pool.h"
#include "builder/log_excerpt.h"

#include <doctest/doctest.h>

using namespace kshrink::builder;

TEST_CASE("the excerpt starts at the first compiler error") {
  std::string log = "  CC      init/main.o\n  CC      kernel/fork.o\n"
                    "kernel/fork.c:12:1: error: expected ';' before 'int'\n"
                    "   12 | int x\n"
                    "make[2]: *** [scripts/Makefile.build:250: kernel/fork.o] Error 1\n";
  std::string excerpt = error_excerpt(log);
  CHECK(excerpt.starts_with("kernel/fork.c:12:1: error:"));
  CHECK(excerpt.find("Error 1") != std::string::npos);
  CHECK_FALSE(is_infrastructure_failure(log));
}

TEST_CASE("linker errors are found too, and a log without errors gives its tail") {
  CHECK(error_excerpt("  LD vmlinux\nld: fs/x.o: undefined reference to `foo'\n")
            .starts_with("ld: "));
  CHECK(error_excerpt("a\nb\nc\n", 2) == "b\nc\n");
}

TEST_CASE("a full disk, missing programs and a broken ccache are the machine's fault") {
  CHECK(is_infrastructure_failure("fs/x.o: No space left on device\n"));
  CHECK(is_infrastructure_failure(
      "  CC      init/main.o\nccache: error: /c/ccache.conf:1: invalid size: \"banana\"\n"));
  CHECK(is_infrastructure_failure("ccache: FATAL: Failed to create /c/tmp: Not a directory\n"));
  CHECK(is_infrastructure_failure("/bin/sh: 1: gcc: not found\n"));
  CHECK(is_infrastructure_failure("make: gcc: No such file or directory\n"));
  CHECK_FALSE(
      is_infrastructure_failure("fs/x.c:1:10: fatal error: y.h: No such file or directory\n"));
}

TEST_CASE("size output is parsed and anything else is not") {
  auto size = parse_size_output("   text\t   data\t    bss\t    dec\t    hex\tfilename\n"
                                "1234567\t 234567\t  34567\t1503701\t 16f1d5\tvmlinux\n");
  REQUIRE(size);
  CHECK(size->text == 1234567);
  CHECK(size->data == 234567);
  CHECK(size->bss == 34567);
  CHECK(size->total() == 1503701);
  CHECK_FALSE(parse_size_output("size: 'vmlinux': No such file\n"));
}

TEST_CASE("config distance counts the symbols whose values differ") {
  using kshrink::kconfig::ConfigFile;
  auto a = ConfigFile::parse("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n");
  auto b = ConfigFile::parse("CONFIG_A=y\nCONFIG_B=y\nCONFIG_D=y\n");
  CHECK(config_distance(a, a) == 0);
  CHECK(config_distance(a, b) == 2);
  CHECK(config_distance(ConfigFile::parse(""), b) == 3);
  CHECK(kshrink::kconfig::changed_symbols(b, a) == std::vector<std::string>{"B", "D"});
}
