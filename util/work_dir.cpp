// Which directory is the work directory when none is named.
#include "util/work_dir.h"

#include "util/error.h"

#include <cstdlib>

namespace kshrink::util {

WorkDir WorkDir::resolve(const std::string& option) {
  namespace fs = std::filesystem;
  if (!option.empty()) return fs::absolute(option);
  if (const char* env = std::getenv("KSHRINK_WORKDIR"); env && *env) return fs::absolute(env);
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
    return fs::path(cache) / "kshrink";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache/kshrink";
  throw Error("no work directory: pass --workdir or set KSHRINK_WORKDIR");
}

} // namespace kshrink::util
