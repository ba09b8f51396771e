// Unit tests for bootcheck/console_scanner, including fuzzing with random bytes, forged
// markers and 100 MB of output: no crash, bounded memory, no false pass.
#include "bootcheck/console_scanner.h"

#include <doctest/doctest.h>

#include <random>

using kshrink::bootcheck::ConsoleScanner;

namespace {
const std::string nonce = "0123456789abcdef0123456789abcdef";
std::string marker(const std::string& rest) {
  return "KSHRINK-" + nonce + " " + rest + "\r\n";
}
} // namespace

TEST_CASE("markers with the nonce report init, checks and the end") {
  ConsoleScanner scanner(nonce, 2);
  scanner.feed("[    0.000000] Linux version 6.1.192\r\n");
  CHECK_FALSE(scanner.init_ran());
  scanner.feed(marker("CHECK 0 PASS") + marker("CHECK 1 FAIL") + "  | mount: no such device\n" +
               marker("END"));
  CHECK(scanner.init_ran());
  CHECK(scanner.ended());
  CHECK(scanner.check_result(0) == true);
  CHECK(scanner.check_result(1) == false);
  CHECK(scanner.check_output(1).find("mount: no such device") != std::string::npos);
  CHECK_FALSE(scanner.failure_pattern());
}

TEST_CASE("markers split across arbitrary chunks are still found") {
  std::string text = "noise\n" + marker("CHECK 0 PASS") + marker("END");
  for (size_t chunk = 1; chunk < 9; ++chunk) {
    ConsoleScanner scanner(nonce, 1);
    for (size_t at = 0; at < text.size(); at += chunk)
      scanner.feed(text.substr(at, chunk));
    CHECK(scanner.ended());
    CHECK(scanner.check_result(0) == true);
  }
}

TEST_CASE("markers without the right nonce are ignored") {
  ConsoleScanner scanner(nonce, 1);
  scanner.feed("KSHRINK-ffffffffffffffffffffffffffffffff CHECK 0 PASS\n");
  scanner.feed("KSHRINK- CHECK 0 PASS\nKSHRINK-" + nonce + "CHECK 0 PASS\n");
  scanner.feed("KSHRINK-ffffffffffffffffffffffffffffffff END\n");
  scanner.feed("KSHRINK-" + nonce + " CHECK 7 PASS\n"); // no such check
  CHECK_FALSE(scanner.ended());
  CHECK_FALSE(scanner.check_result(0));
}

TEST_CASE("a kernel panic is found with the lines around it") {
  ConsoleScanner scanner(nonce, 1);
  scanner.feed("[    0.5] VFS: Cannot open root device \"(null)\"\n"
               "[    0.5] Kernel panic - not syncing: VFS: Unable to mount root fs\n"
               "[    0.5] CPU: 0 PID: 1 Comm: swapper Not tainted 6.1.192\n");
  REQUIRE(scanner.failure_pattern());
  CHECK(*scanner.failure_pattern() == "Kernel panic - not syncing");
  CHECK(scanner.failure_excerpt().find("Cannot open root device") != std::string::npos);
  CHECK(scanner.failure_excerpt().find("Unable to mount root fs") != std::string::npos);
  CHECK(scanner.failure_excerpt().find("Comm: swapper") != std::string::npos);
}

TEST_CASE("an oops, a BUG and a call trace are failure patterns") {
  for (std::string line :
       {"BUG: kernel NULL pointer dereference, address: 0000", "Oops: 0000 [#1] PREEMPT SMP",
        "Call Trace:", "general protection fault, probably for non-canonical address"}) {
    ConsoleScanner scanner(nonce, 1);
    scanner.feed(line + "\n");
    CHECK(scanner.failure_pattern());
  }
}

TEST_CASE("a huge line is truncated and later markers still count") {
  ConsoleScanner scanner(nonce, 1);
  scanner.feed(std::string(10 << 20, 'x'));
  scanner.feed("\n" + marker("CHECK 0 PASS") + marker("END"));
  CHECK(scanner.ended());
  CHECK(scanner.tail().size() < 4096);
}

TEST_CASE("fuzz: random bytes never produce a marker or a crash") {
  std::mt19937_64 random(42);
  ConsoleScanner scanner(nonce, 3);
  std::string chunk(1 << 16, '\0');
  for (int round = 0; round < 200; ++round) {
    for (char& c : chunk)
      c = char(random());
    scanner.feed(chunk);
  }
  CHECK_FALSE(scanner.init_ran());
  CHECK_FALSE(scanner.ended());
  CHECK(scanner.failure_excerpt().size() <= ConsoleScanner::max_excerpt + ConsoleScanner::max_line);
}

TEST_CASE("fuzz: 100 MB of output with forged markers and patterns stays bounded") {
  ConsoleScanner scanner(nonce, 1);
  std::string block;
  for (int i = 0; i < 2000; ++i)
    block += "KSHRINK-" + std::string(32, 'a') +
             " CHECK 0 PASS\nCall Trace:\n"
             "KSHRINK-" +
             nonce.substr(0, 31) + " END\n";
  size_t fed = 0;
  while (fed < (100u << 20)) {
    scanner.feed(block);
    fed += block.size();
  }
  CHECK_FALSE(scanner.ended());
  CHECK_FALSE(scanner.check_result(0));
  CHECK(scanner.failure_pattern());
  CHECK(scanner.failure_excerpt().size() <= ConsoleScanner::max_excerpt + ConsoleScanner::max_line);
  CHECK(scanner.check_output(0).empty());
}

TEST_CASE("REPORT lines with the nonce are collected, bounded, forged ones are not") {
  ConsoleScanner scanner(nonce, 1);
  scanner.feed(marker("REPORT module ext4"));
  scanner.feed("KSHRINK-ffffffffffffffffffffffffffffffff REPORT module forged\n");
  scanner.feed("REPORT module bare\n");
  scanner.feed(marker("REPORT driver pci 0000:00:02.0 virtio-pci\x01"));
  REQUIRE(scanner.reports().size() == 2);
  CHECK(scanner.reports()[0] == "module ext4");
  CHECK(scanner.reports()[1] == "driver pci 0000:00:02.0 virtio-pci?"); // made printable
  for (size_t i = 0; i < ConsoleScanner::max_reports + 10; ++i)
    scanner.feed(marker("REPORT module m" + std::to_string(i)));
  CHECK(scanner.reports().size() == ConsoleScanner::max_reports);
}

TEST_CASE("the kernel's banner shows that it started") {
  ConsoleScanner scanner(nonce, 1);
  scanner.feed("SeaBIOS (version 1.16.2)\nBooting from ROM...\n");
  CHECK_FALSE(scanner.kernel_spoke());
  scanner.feed("[    0.000000] Linux version 6.1.192 (kshrink@kshrink) #1\n");
  CHECK(scanner.kernel_spoke());
}
