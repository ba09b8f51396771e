// Unit tests for bootcheck/check_registry and the QEMU command line it leads to.
#include "bootcheck/check_registry.h"
#include "bootcheck/initramfs.h"
#include "bootcheck/qemu_boot_checker.h"
#include "tests/test_support.h"
#include "util/error.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kshrink;
using namespace kshrink::bootcheck;

namespace {
bool has(const std::vector<std::string>& args, const std::string& needle) {
  return std::any_of(args.begin(), args.end(),
                     [&](const std::string& a) { return a.find(needle) != std::string::npos; });
}
} // namespace

TEST_CASE("boot is always first and duplicates are dropped") {
  auto checks = parse_checks("ext4,net,ext4");
  REQUIRE(checks.size() == 3);
  CHECK(checks[0].name == "boot");
  CHECK(checks[1].name == "ext4");
  CHECK(checks[1].needs_disk);
  CHECK(checks[2].needs_nic);
  CHECK(parse_checks("").size() == 1);
}

TEST_CASE("an unknown check is an Error listing the valid ones") {
  CHECK_THROWS_WITH_AS(parse_checks("boot,bluetooth"),
                       doctest::Contains("unknown check 'bluetooth': valid checks are boot, proc"),
                       util::Error);
  CHECK_THROWS_WITH_AS(parse_checks("script:/nonexistent/check.sh"),
                       doctest::Contains("check script not found"), util::Error);
}

TEST_CASE("a user script check carries the script's text") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "mine.sh", "test -e /proc/version\n");
  auto checks = parse_checks("script:" + (dir.path() / "mine.sh").string());
  CHECK(checks.back().script == "test -e /proc/version\n");
}

TEST_CASE("the registry lists every built-in check and script:PATH") {
  std::vector<std::string> names;
  for (const auto& entry : check_entries())
    names.push_back(entry.name);
  for (const char* name :
       {"boot", "proc", "sysfs", "devtmpfs", "tmpfs", "ext4", "net", "wifi", "script:PATH"})
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
}

TEST_CASE("QEMU networking is restricted to the documentation range, never a host address") {
  BootFiles files{.kernel = "bzImage",
                  .initrd = "i.cpio",
                  .console = "c.log",
                  .needs_nic = true,
                  .append = "console=ttyS0"};
  auto args = qemu_arguments(files, 256, false);
  CHECK(has(args, "restrict=on"));
  CHECK(has(args, "net=192.0.2.0/24"));
  CHECK(has(args, "guestfwd=tcp:192.0.2.100:7777-cmd:cat"));
  CHECK_FALSE(has(args, "hostfwd"));
  CHECK(has(args, "tcg"));
  files.needs_nic = false;
  CHECK(has(qemu_arguments(files, 256, false), "none"));
  CHECK(has(qemu_arguments(files, 256, true), "kvm"));
}

TEST_CASE("the runner never exports the nonce to the checks") {
  std::string runner = runner_script(parse_checks("ext4"));
  CHECK(runner.find("rm -f /etc/kshrink/nonce") != std::string::npos);
  CHECK(runner.find("export N") == std::string::npos);
  CHECK(runner.find("run_check 1") != std::string::npos);
  CHECK(runner.find("mark END") != std::string::npos);
}

TEST_CASE("a guest's prelude runs before the checks and its epilogue after them") {
  std::string runner =
      runner_script(parse_checks("ext4"), {.prelude = "PRELUDE\n", .epilogue = "EPILOGUE\n"});
  size_t prelude = runner.find("PRELUDE"), first = runner.find("run_check 0"),
         last = runner.find("run_check 1"), epilogue = runner.find("EPILOGUE"),
         end = runner.find("mark END");
  REQUIRE(prelude != std::string::npos);
  REQUIRE(epilogue != std::string::npos);
  CHECK(prelude < first);
  CHECK(last < epilogue);
  CHECK(epilogue < end);
}
