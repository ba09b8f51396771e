// Start configs: keywords resolved through the tree's make targets or Debian's config package.
#include "kconfig/start_config.h"

#include "util/error.h"
#include "util/files.h"
#include "util/log.h"

#include <algorithm>

namespace fs = std::filesystem;
using kshrink::util::Error;

namespace kshrink::kconfig {
namespace {

ConfigFile load_debian(const KconfigTools& tools) {
  fs::path path = debian_config_path(tools.tree().version);
  if (!fs::exists(path))
    throw util::EnvironmentError("Debian's config for Linux " +
                                 tree::kernel_series(tools.tree().version) + " is not installed (" +
                                 path.string() + "): install linux-config-" +
                                 tree::kernel_series(tools.tree().version));
  util::ScratchDir scratch(tools.workdir().scratch(), "debian-");
  fs::path plain = scratch.path() / "config";
  util::CommandResult result = tools.runner().run({.program = "xz",
                                                   .args = {"-dc", path.string()},
                                                   .output = plain,
                                                   .error_output = scratch.path() / "xz.log"});
  if (!result.ok())
    throw util::EnvironmentError("cannot decompress " + path.string() + " (" + result.describe() +
                                 ")");
  return ConfigFile::parse(util::read_file(plain), path.string());
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
  };
  return keywords;
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
  if (!fs::exists(spec) && spec.find('/') == std::string::npos &&
      spec.find('.') == std::string::npos)
    throw Error("unknown start config '" + spec + "': not a file, nor one of " + keyword_list());
  ConfigFile config = ConfigFile::load(spec);
  refuse_other_architecture(config, spec);
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
