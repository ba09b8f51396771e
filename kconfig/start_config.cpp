// Start configs: keywords resolved through the tree's make targets, Debian's config package or
// the running kernel; files plain or compressed.
#include "kconfig/start_config.h"

#include "util/error.h"
#include "util/files.h"
#include "util/log.h"

#include <algorithm>

#include <sys/utsname.h>

namespace fs = std::filesystem;
using kshrink::util::Error;

namespace kshrink::kconfig {
namespace {

/// The program that decompresses a file starting with `head`, by its magic bytes; nullptr for
/// a file that is not compressed.
const char* decompressor(std::string_view head) {
  if (head.starts_with("\x1f\x8b")) return "gzip"; // /proc/config.gz
  if (head.starts_with("\xfd"
                       "7zXZ"))
    return "xz"; // Debian's config packages
  return nullptr;
}

/// A config file as its bytes say: plain, gzip or xz. Throws util::Error for a missing file or
/// one that does not decompress or is not a config.
ConfigFile load_config_file(const fs::path& path, const KconfigTools& tools) {
  if (!fs::is_regular_file(path)) throw Error("config file not found: " + path.string());
  std::string content = util::read_file(path); // read once: a plain config is parsed from it
  const char* program = decompressor(content);
  if (!program) return ConfigFile::parse(content, path.string());
  util::ScratchDir scratch(tools.workdir().scratch(), "config-");
  fs::path plain = scratch.path() / "config";
  util::CommandResult result = tools.runner().run({.program = program,
                                                   .args = {"-dc", path.string()},
                                                   .output = plain,
                                                   .error_output = scratch.path() / "log"});
  if (!result.ok())
    throw Error("cannot decompress " + path.string() + " with " + program + " (" +
                result.describe() + ")");
  return ConfigFile::parse(util::read_file(plain), path.string());
}

ConfigFile load_debian(const KconfigTools& tools) {
  fs::path path = debian_config_path(tools.tree().version);
  if (!fs::exists(path))
    throw util::EnvironmentError("Debian's config for Linux " +
                                 tree::kernel_series(tools.tree().version) + " is not installed (" +
                                 path.string() + "): install linux-config-" +
                                 tree::kernel_series(tools.tree().version));
  return load_config_file(path, tools);
}

std::string keyword_list() {
  std::string list;
  for (const auto& keyword : start_config_keywords())
    list += (list.empty() ? "" : ", ") + std::string(keyword.name);
  return list;
}

} // namespace

const std::vector<StartConfigKeyword>& start_config_keywords() {
  static const std::vector<StartConfigKeyword> keywords = {
      {"defconfig", "the tree's x86_64 defconfig"},
      {"tinyconfig", "the tree's tinyconfig (smallest config; does not boot to userspace)"},
      {"debian", "Debian's amd64 config (package linux-config-X.Y), sanitized"},
      {"running", "the running kernel's config: /proc/config.gz, else /boot/config-$(uname -r)"},
  };
  return keywords;
}

fs::path running_config_path() {
  fs::path proc = "/proc/config.gz";
  if (fs::is_regular_file(proc)) return proc;
  struct utsname names {};
  ::uname(&names);
  fs::path boot = fs::path("/boot") / ("config-" + std::string(names.release));
  if (fs::is_regular_file(boot)) return boot;
  throw util::EnvironmentError(
      "the running kernel's config is neither in /proc/config.gz (CONFIG_IKCONFIG_PROC; try "
      "'modprobe configs') nor in " +
      boot.string());
}

fs::path debian_config_path(const std::string& kernel_version) {
  return fs::path("/usr/src") / ("linux-config-" + tree::kernel_series(kernel_version)) /
         "config.amd64_none_amd64.xz";
}

namespace {

ConfigFile load_base(const std::string& spec, const KconfigTools& tools) {
  if (spec == "defconfig" || spec == "tinyconfig")
    return ConfigFile::parse(tools.make_config_target(spec), spec);
  if (spec == "debian") return load_debian(tools);
  bool running = spec == "running";
  if (!running && !fs::exists(spec) && spec.find('/') == std::string::npos &&
      spec.find('.') == std::string::npos)
    throw Error("unknown start config '" + spec + "': not a file, nor one of " + keyword_list());
  fs::path path = running ? running_config_path() : fs::path(spec);
  if (running) util::note("start config 'running': the running kernel's, " + path.string());
  ConfigFile config = load_config_file(path, tools);
  refuse_other_architecture(config, path.string());
  return config;
}

} // namespace

void refuse_other_architecture(const ConfigFile& config, const std::string& origin) {
  // The symbol each architecture's Kconfig sets to y, and the ARCH= name people know it by.
  static const std::vector<std::pair<const char*, const char*>> foreign = {
      {"ARM64", "arm64"},   {"ARM", "arm"},   {"RISCV", "riscv"},         {"PPC", "powerpc"},
      {"S390", "s390"},     {"MIPS", "mips"}, {"LOONGARCH", "loongarch"}, {"SPARC", "sparc"},
      {"PARISC", "parisc"}, {"M68K", "m68k"}, {"SUPERH", "sh"},           {"ALPHA", "alpha"},
      {"XTENSA", "xtensa"}, {"ARC", "arc"},   {"X86_32", "i386"}};
  for (const auto& [symbol, arch] : foreign)
    if (config.value(symbol) == "y")
      throw Error(origin + " is a config for " + arch + " (CONFIG_" + symbol +
                  "=y): kshrink builds " + kernel_arch + " kernels");
}

ConfigSpec split_config_spec(const std::string& spec) {
  size_t plus = spec.find('+');
  ConfigSpec split{spec.substr(0, plus), {}};
  while (plus != std::string::npos) {
    size_t next = spec.find('+', plus + 1);
    split.fragments.push_back(
        spec.substr(plus + 1, next == std::string::npos ? next : next - plus - 1));
    plus = next;
  }
  return split;
}

bool is_start_config_keyword(const std::string& name) {
  const auto& keywords = start_config_keywords();
  return std::any_of(keywords.begin(), keywords.end(),
                     [&](const auto& keyword) { return name == keyword.name; });
}

StartConfig load_start_config(const std::string& spec, const KconfigTools& tools) {
  ConfigSpec split = split_config_spec(spec);
  StartConfig start{load_base(split.base, tools), {}};
  for (const auto& fragment : split.fragments) {
    if (fragment.empty() || !fs::is_regular_file(fragment))
      throw Error("config fragment '" + fragment + "' in '" + spec + "' is not a file");
    ConfigFile lines = ConfigFile::load(fragment);
    for (const auto& [symbol, value] : lines.assignments())
      start.requested.push_back({fragment, symbol, value});
    for (const auto& change : start.config.merge(lines))
      util::note("fragment " + fragment + " redefines CONFIG_" + change.symbol + ": " +
                 change.before + " -> " + change.after);
  }
  return start;
}

} // namespace kshrink::kconfig
