// KconfigTools: builds the tree's conf with kbuild (O=), then compiles the dump helper
// against the same objects, and runs both with kbuild's environment.
#include "kconfig/kconfig_tools.h"

#include "kconfig/dump/kconfig_dump_source.h"
#include "util/error.h"
#include "util/files.h"
#include "util/log.h"
#include "util/sha256.h"
#include "util/stopwatch.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using kshrink::util::Error;

namespace kshrink::kconfig {
namespace {

std::string make_program() {
  return "make";
}

std::vector<std::string> make_args(const fs::path& out_dir, const std::string& target) {
  return {"-s", "O=" + out_dir.string(), std::string("ARCH=") + kernel_arch, target};
}

void run_or_throw(util::CommandRunner& runner, const util::Command& command,
                  const std::string& what) {
  util::CommandResult result = runner.run(command);
  if (!result.ok())
    throw Error(what + " failed (" + result.describe() + "), see " + command.output.string() +
                ":\n" + conf_failure_excerpt(command.output));
}

/// Stamp contents: tools built from this tree with this dump source are ready.
std::string ready_stamp(const tree::KernelTree& tree) {
  return tree.source.string() + "\n" + util::sha256_hex(kconfig_dump_source) + "\n";
}

void build_dump_helper(util::CommandRunner& runner, const tree::KernelTree& tree,
                       const fs::path& dir) {
  fs::path kconfig_src = tree.source / "scripts/kconfig";
  fs::path source_file = dir / "kconfig_dump.c";
  util::write_file_atomic(source_file, kconfig_dump_source);
  std::vector<std::string> args = {"-O2",
                                   "-o",
                                   (dir / "kconfig_dump").string(),
                                   "-I" + kconfig_src.string(),
                                   "-I" + (dir / "scripts/kconfig").string(),
                                   "-I" + (tree.source / "scripts/include").string()};
  // Linux 6.9 replaced `struct file *file` in struct menu by `const char *filename`.
  if (util::read_file(kconfig_src / "expr.h").find("const char *filename;") != std::string::npos)
    args.push_back("-DKSHRINK_MENU_HAS_FILENAME");
  args.push_back(source_file.string());
  for (const auto& entry : fs::directory_iterator(dir / "scripts/kconfig"))
    if (entry.path().extension() == ".o" && entry.path().filename() != "conf.o")
      args.push_back(entry.path().string());
  run_or_throw(runner, {.program = "cc", .args = args, .output = dir / "kconfig_dump.log"},
               "compiling the kconfig dump helper against " + tree.source.string());
}

} // namespace

std::map<std::string, std::string> parse_auto_conf_cmd(const std::string& content) {
  std::map<std::string, std::string> env;
  std::regex line(R"re(^ifneq "\$\(([A-Za-z_][A-Za-z0-9_]*)\)" "(.*)"$)re");
  std::istringstream in(content);
  std::string text;
  while (std::getline(in, text)) {
    std::smatch match;
    if (std::regex_match(text, match, line)) env[match[1]] = match[2];
  }
  return env;
}

std::string conf_failure_excerpt(const fs::path& log) {
  constexpr size_t shown = 3;
  // "fs/ext4/Kconfig:30: syntax error", "arch/x86/Kconfig.cpu:12: ..."
  std::regex located(R"re(^[^\s:]*Kconfig[^\s:]*:[0-9]+:.*)re");
  std::ifstream in(log);
  std::string excerpt, text;
  size_t found = 0;
  while (found < shown && std::getline(in, text))
    if (std::regex_match(text, located)) excerpt += text + "\n", ++found;
  return found ? excerpt : util::tail_of_file(log, 5);
}

KconfigTools KconfigTools::prepare(const tree::KernelTree& tree, const util::WorkDir& workdir,
                                   util::CommandRunner& runner) {
  KconfigTools tools;
  tools.runner_ = &runner;
  tools.tree_ = tree;
  tools.workdir_ = workdir;
  tools.dir_ = workdir.kconfig_tools(tree.key);
  std::error_code ec;
  fs::create_directories(tools.dir_, ec);
  if (ec) util::throw_system_error("cannot create " + tools.dir_.string(), ec);

  util::FileLock lock(tools.dir_.string() + ".lock");
  fs::path stamp = tools.dir_ / "kshrink-ready";
  fs::path env_file = tools.dir_ / "kshrink-env.json";
  if (fs::exists(stamp) && util::read_file(stamp) == ready_stamp(tree) && fs::exists(env_file)) {
    tools.environment_ = nlohmann::json::parse(util::read_file(env_file));
    return tools;
  }

  util::Stopwatch clock;
  util::note("building the kconfig tools of " + tree.source.string() + " (once per tree)");
  fs::remove(stamp, ec);
  fs::path log = tools.dir_ / "prepare.log";
  for (const char* target : {"olddefconfig", "syncconfig"})
    run_or_throw(*tools.runner_,
                 {.program = make_program(),
                  .args = make_args(tools.dir_, target),
                  .cwd = tree.source,
                  .output = log},
                 std::string("make ") + target + " in " + tree.source.string());
  fs::path cmd_file = tools.dir_ / "include/config/auto.conf.cmd";
  tools.environment_ = parse_auto_conf_cmd(util::read_file(cmd_file));
  if (!tools.environment_.contains("srctree"))
    throw Error(cmd_file.string() + " names no srctree: unsupported kbuild");
  build_dump_helper(*tools.runner_, tree, tools.dir_);
  util::write_file_atomic(env_file, nlohmann::json(tools.environment_).dump(2));
  util::write_file_atomic(stamp, ready_stamp(tree));
  util::note("kconfig tools ready in " + util::seconds_text(clock.seconds()));
  return tools;
}

util::CommandResult KconfigTools::run_conf(const fs::path& dir, std::vector<std::string> args,
                                           const fs::path& log) const {
  args.push_back("Kconfig");
  return runner_->run({.program = (dir_ / "scripts/kconfig/conf").string(),
                       .args = std::move(args),
                       .cwd = dir,
                       .env = environment_,
                       .output = log});
}

util::CommandResult KconfigTools::run_dump(const fs::path& config, const fs::path& output) const {
  return runner_->run({.program = (dir_ / "kconfig_dump").string(),
                       .args = {"Kconfig", fs::absolute(config).string()},
                       .cwd = dir_,
                       .env = environment_,
                       .output = output,
                       .error_output = output.string() + ".stderr"});
}

std::string KconfigTools::make_config_target(const std::string& target,
                                             const fs::path& allconfig) const {
  util::FileLock lock(dir_.string() + ".lock");
  fs::path log = dir_ / ("make-" + target + ".log");
  std::map<std::string, std::string> env;
  if (!allconfig.empty()) env["KCONFIG_ALLCONFIG"] = fs::absolute(allconfig).string();
  run_or_throw(*runner_,
               {.program = make_program(),
                .args = make_args(dir_, target),
                .cwd = tree_.source,
                .env = env,
                .output = log},
               "make " + target + " in " + tree_.source.string());
  return util::read_file(dir_ / ".config");
}

} // namespace kshrink::kconfig
