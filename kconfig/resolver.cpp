// Resolver: conf --olddefconfig / --savedefconfig in a scratch directory.
#include "kconfig/resolver.h"

#include "util/error.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace kshrink::kconfig {
namespace {

void check(const util::CommandResult& result, const fs::path& log, const char* what) {
  if (!result.ok())
    throw util::Error(std::string("kconfig ") + what + " failed (" + result.describe() +
                      "): " + conf_failure_excerpt(log));
}

} // namespace

ResolvedConfig Resolver::resolve(const ConfigFile& input) const {
  util::ScratchDir scratch(tools_.workdir().scratch(), "resolve-");
  input.save(scratch.path() / ".config");
  fs::path log = scratch.path() / "conf.log";
  check(tools_.run_conf(scratch.path(), {"--olddefconfig"}, log), log, "olddefconfig");
  ConfigFile resolved = ConfigFile::load(scratch.path() / ".config");
  std::string hash = resolved.hash();
  return {std::move(resolved), std::move(hash)};
}

std::string Resolver::savedefconfig(const ConfigFile& config) const {
  util::ScratchDir scratch(tools_.workdir().scratch(), "savedefconfig-");
  config.save(scratch.path() / ".config");
  fs::path log = scratch.path() / "conf.log";
  check(tools_.run_conf(scratch.path(), {"--savedefconfig=defconfig"}, log), log, "savedefconfig");
  return util::read_file(scratch.path() / "defconfig");
}

} // namespace kshrink::kconfig
