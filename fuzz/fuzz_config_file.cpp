// libFuzzer target: a .config's text, as kshrink reads start configs and fragments. Any input
// is parsed or refused with util::Error; what is parsed writes back text that parses to the
// same assignments, hash and an empty diff, and merges into itself unchanged. (The text itself
// may change: a CRLF line's '\r' is dropped, as conf drops it, so "\r\r\n" loses one each time.)
#include "kconfig/config_diff.h"
#include "kconfig/config_file.h"
#include "util/error.h"

#include <cstdint>
#include <string_view>

using kshrink::kconfig::ConfigFile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ConfigFile config;
  try {
    config = ConfigFile::parse(text, "fuzz");
  } catch (const kshrink::util::Error&) {
    return 0; // refused, with a message naming the line: what bad input gets
  }
  ConfigFile again = ConfigFile::parse(config.text(), "fuzz");
  if (again.assignments() != config.assignments() || again.hash() != config.hash() ||
      !kshrink::kconfig::diff_configs(config, again).empty())
    __builtin_trap();
  ConfigFile merged = config;
  merged.merge(again);
  if (merged.hash() != config.hash()) __builtin_trap();
  return 0;
}
