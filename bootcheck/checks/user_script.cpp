// Check `script:PATH`: the user's shell script runs in the guest; exit 0 passes.
#include "bootcheck/checks/builtin_checks.h"

#include "util/error.h"
#include "util/files.h"

namespace kshrink::bootcheck::checks {

Check user_script(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path))
    throw util::Error("check script not found: " + path.string());
  return {.name = "script:" + path.string(),
          .description = "the user's script " + path.string() + " exits 0",
          .script = util::read_file(path),
          .users_own = true};
}

} // namespace kshrink::bootcheck::checks
