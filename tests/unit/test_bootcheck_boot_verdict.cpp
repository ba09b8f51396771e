// Unit tests for bootcheck/boot_verdict: the verdict from markers, patterns and the ending.
#include "bootcheck/boot_verdict.h"
#include "bootcheck/check_registry.h"

#include <doctest/doctest.h>

using namespace kshrink::bootcheck;

namespace {
const std::string nonce = "feedfacefeedfacefeedfacefeedface";
std::string marker(const std::string& rest) {
  return "KSHRINK-" + nonce + " " + rest + "\n";
}
std::vector<Check> boot_ext4() {
  return parse_checks("ext4");
}
} // namespace

TEST_CASE("every check passing and the end marker is a pass") {
  ConsoleScanner console(nonce, 2);
  console.feed(marker("CHECK 0 PASS") + marker("CHECK 1 PASS") + marker("END"));
  auto verdict = judge_boot(console, boot_ext4(), BootEnding::end_marker);
  CHECK(verdict.status == BootStatus::pass);
  CHECK(verdict.failed_check.empty());
}

TEST_CASE("a failing check is boot_failed naming that check with its output") {
  ConsoleScanner console(nonce, 2);
  console.feed(marker("CHECK 0 PASS") + marker("CHECK 1 FAIL") + "  | no /dev/vda\n" +
               marker("END"));
  auto verdict = judge_boot(console, boot_ext4(), BootEnding::end_marker);
  CHECK(verdict.status == BootStatus::boot_failed);
  CHECK(verdict.failed_check == "ext4");
  CHECK(verdict.excerpt.find("no /dev/vda") != std::string::npos);
}

TEST_CASE("a panic is boot_failed with the panic excerpt, even if the guest then hangs") {
  ConsoleScanner console(nonce, 2);
  console.feed("Kernel panic - not syncing: No working init found.\n");
  auto verdict = judge_boot(console, boot_ext4(), BootEnding::timed_out);
  CHECK(verdict.status == BootStatus::boot_failed);
  CHECK(verdict.failed_check == "boot");
  CHECK(verdict.excerpt.find("No working init found") != std::string::npos);
}

TEST_CASE("a guest that hangs after init is a timeout naming the unfinished check") {
  ConsoleScanner console(nonce, 2);
  console.feed(marker("CHECK 0 PASS"));
  auto verdict = judge_boot(console, boot_ext4(), BootEnding::timed_out);
  CHECK(verdict.status == BootStatus::timeout);
  CHECK(verdict.failed_check == "ext4");
}

TEST_CASE("a guest that stops without markers failed to boot") {
  ConsoleScanner console(nonce, 2);
  console.feed("[ 0.1] Linux version 6.1\n");
  auto verdict = judge_boot(console, boot_ext4(), BootEnding::guest_exited);
  CHECK(verdict.status == BootStatus::boot_failed);
  CHECK(verdict.failed_check == "boot");
  CHECK(verdict.excerpt.find("Linux version") != std::string::npos);
}

TEST_CASE("console flooding fails the boot, cancelling is no verdict on the kernel") {
  ConsoleScanner console(nonce, 1);
  CHECK(judge_boot(console, parse_checks("boot"), BootEnding::console_flood).status ==
        BootStatus::boot_failed);
  CHECK(judge_boot(console, parse_checks("boot"), BootEnding::cancelled).status ==
        BootStatus::cancelled);
}
