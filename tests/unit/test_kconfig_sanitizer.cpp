// Unit tests for kconfig/sanitizer: each rule fires only when the tree or host lacks something.
#include "kconfig/sanitizer.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>

using namespace kshrink;
using kconfig::ConfigFile;

TEST_CASE("key and certificate files the tree lacks are cleared and present ones kept") {
  auto tree = test::temp_dir();
  std::filesystem::create_directories(tree.path() / "certs");
  util::write_file_atomic(tree.path() / "certs/mine.pem", "");
  auto config = ConfigFile::parse("CONFIG_SYSTEM_TRUSTED_KEYS=\"debian/certs/uefi.pem\"\n"
                                  "CONFIG_SYSTEM_REVOCATION_KEYS=\"certs/mine.pem\"\n"
                                  "CONFIG_SYSTEM_BLACKLIST_HASH_LIST=\"\"\n"
                                  "CONFIG_MODULE_SIG_KEY=\"/secret/signing.pem\"\n");
  auto changes = kconfig::sanitize(config, tree.path(), {.has_pahole = true});
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].symbol == "SYSTEM_TRUSTED_KEYS");
  CHECK(changes[0].old_value == "\"debian/certs/uefi.pem\"");
  CHECK(changes[0].new_value == "\"\"");
  CHECK(changes[1].symbol == "MODULE_SIG_KEY");
  CHECK(config.value("MODULE_SIG_KEY") == "\"certs/signing_key.pem\"");
  CHECK(config.value("SYSTEM_REVOCATION_KEYS") == "\"certs/mine.pem\"");
}

TEST_CASE("BTF is turned off only when pahole is missing") {
  auto tree = test::temp_dir();
  auto config = ConfigFile::parse("CONFIG_DEBUG_INFO_BTF=y\n");
  CHECK(kconfig::sanitize(config, tree.path(), {.has_pahole = true}).empty());
  auto changes = kconfig::sanitize(config, tree.path(), {.has_pahole = false});
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].reason.find("pahole") != std::string::npos);
  CHECK(config.value("DEBUG_INFO_BTF") == "n");
}

TEST_CASE("module signing at install time is turned off") {
  auto tree = test::temp_dir();
  auto config = ConfigFile::parse("CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_ALL=y\n");
  auto changes = kconfig::sanitize(config, tree.path(), {.has_pahole = true});
  REQUIRE(changes.size() == 1);
  CHECK(config.value("MODULE_SIG_ALL") == "n");
  CHECK(config.value("MODULE_SIG") == "y");
}

TEST_CASE("a config naming none of the rules' symbols is left untouched") {
  auto tree = test::temp_dir();
  const char* text = "CONFIG_A=y\n# CONFIG_B is not set\n";
  auto config = ConfigFile::parse(text);
  CHECK(kconfig::sanitize(config, tree.path(), {}).empty());
  CHECK(config.text() == text);
}
