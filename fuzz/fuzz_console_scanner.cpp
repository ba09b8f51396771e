// libFuzzer target: a guest's serial console, the one input a candidate kernel controls. The
// input is fed in chunks whose sizes it chooses itself; whatever it holds, the scanner keeps
// its bounds, and no marker without the boot's nonce ever reports a check.
#include "bootcheck/console_scanner.h"

#include <cstdint>
#include <string_view>

using kshrink::bootcheck::ConsoleScanner;

namespace {
const std::string nonce = "0123456789abcdef0123456789abcdef";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ConsoleScanner scanner(nonce, 3);
  // The first byte sets the chunk size, so splits land anywhere, markers included.
  size_t chunk = input.empty() ? 1 : size_t(uint8_t(input[0])) % 64 + 1;
  for (size_t at = 0; at < input.size(); at += chunk)
    scanner.feed(input.substr(at, chunk));
  if (scanner.failure_excerpt().size() > ConsoleScanner::max_excerpt + ConsoleScanner::max_line)
    __builtin_trap();
  if (scanner.reports().size() > ConsoleScanner::max_reports) __builtin_trap();
  bool has_nonce = input.find(nonce) != std::string_view::npos;
  for (size_t check = 0; check < 3; ++check)
    if (scanner.check_result(check) && !has_nonce) __builtin_trap();
  if ((scanner.init_ran() || scanner.ended()) && !has_nonce) __builtin_trap();
  (void)scanner.tail();
  return 0;
}
