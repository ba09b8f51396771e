// Profiled start: profile, module mapping, base and reference, each step noted.
#include "run/profiled_start.h"

#include "bootcheck/harness_requirements.h"
#include "bootcheck/qemu_boot_checker.h"
#include "kconfig/enabling_closure.h"
#include "kconfig/start_config.h"
#include "optimizer/grow.h"
#include "profile/module_symbols.h"
#include "profile/prebuilt_kernel.h"
#include "profile/prebuilt_profile.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/stopwatch.h"

namespace fs = std::filesystem;

namespace kshrink::run {
namespace {

constexpr std::chrono::seconds profile_boot_timeout{600};

std::string joined(const std::vector<std::string>& items, size_t limit = 40) {
  std::string text;
  for (size_t i = 0; i < items.size() && i < limit; ++i)
    text += (i ? " " : "") + items[i];
  if (items.size() > limit) text += " ... (" + std::to_string(items.size() - limit) + " more)";
  return text;
}

profile::Profile prebuilt_profile(ProfiledStart& result, const kconfig::KconfigTools& tools,
                                  const std::vector<bootcheck::Check>& checks,
                                  const fs::path& cached, const util::RunFiles& files) {
  util::Stopwatch clock;
  fs::create_directories(tools.workdir().scratch());
  std::string package = [&] {
    util::ScratchDir scratch(tools.workdir().scratch(), "apt-");
    return profile::debian_kernel_package(tools.tree().version, scratch.path());
  }();
  util::note("prebuilt kernel: " + package + " (fetched with apt-get download, once)");
  profile::PrebuiltKernel kernel = profile::fetch_prebuilt_kernel(package, tools.workdir());
  result.distro_kernel = package;
  result.distro_kernel_bytes = kernel.kernel_bytes;
  util::note("prebuilt kernel ready in " + util::seconds_text(clock.seconds()) + ": " +
             kernel.kernel.string() + ", " + std::to_string(kernel.kernel_bytes) + " bytes");
  if (fs::exists(cached)) {
    util::note("profile: the run's own, from " + cached.string());
    return profile::read_profile(cached);
  }
  util::note("profiling: booting " + kernel.release +
             " with its modules under the checks (a minute or two without KVM)");
  util::Stopwatch boot_clock;
  profile::Profile found = profile::profile_prebuilt_kernel(
      kernel, checks, files.profile_boots(), profile_boot_timeout, &util::interrupted());
  util::note("profile made in " + util::seconds_text(boot_clock.seconds()));
  return found;
}

} // namespace

std::string profile_mode(const RunSettings& settings) {
  if (!settings.profile.empty()) return settings.profile;
  return kconfig::split_config_spec(settings.config).base == "debian" ? "prebuilt" : "none";
}

ProfiledStart profiled_start(const RunSettings& settings, const kconfig::KconfigTools& tools,
                             const kconfig::ConfigFile& start,
                             const std::vector<bootcheck::Check>& checks,
                             const builder::ObjectMap& objects,
                             const std::vector<std::string>& gates, const util::RunFiles& files) {
  ProfiledStart result;
  std::string mode = profile_mode(settings);
  fs::path cached = files.profile();
  result.profile = mode == "prebuilt" ? prebuilt_profile(result, tools, checks, cached, files)
                                      : profile::read_profile(mode);
  if (result.profile.source.empty()) result.profile.source = "profile " + mode;
  util::write_file_atomic(cached, profile::to_json(result.profile)); // kept with the run

  profile::ModuleSymbols mapped = profile::map_modules(result.profile, objects);
  std::vector<std::string> names;
  for (const auto& module : result.profile.modules)
    names.push_back(module.name);
  util::note("profile (" + result.profile.source + "): " + std::to_string(names.size()) +
             " modules loaded: " + joined(names));
  if (!mapped.unmapped.empty())
    util::note("profile: no kbuild line of this tree builds these modules: " +
               joined(mapped.unmapped));

  std::vector<Wanted> common;
  for (const auto& requirement : bootcheck::harness_requirements())
    common.push_back({requirement.symbol, "harness: " + requirement.reason});
  for (const auto& check : checks)
    for (const auto& feature : check.features)
      common.push_back({feature, "check " + check.name});
  std::vector<Wanted> base_wanted = common, reference_wanted = common;
  for (const auto& symbol : symbol_list(settings.keep))
    base_wanted.push_back({symbol, "--keep"});
  for (const auto& [module, symbols] : mapped.symbols)
    for (const auto& symbol : symbols)
      base_wanted.push_back({symbol, "profile: module " + module});
  result.start_symbols = kconfig::SymbolTable::load(tools, start);
  // A bound driver is looked for among what can be a module: a driver's name can match any
  // object file of that name ("port" names parts of mlx5's module), but only a tristate
  // symbol builds something a system could have loaded instead of building in.
  std::vector<std::string> kept_drivers, unmatched_drivers;
  for (const auto& [driver, symbols] : mapped.drivers) {
    size_t before = base_wanted.size();
    for (const auto& symbol : symbols)
      if (auto* s = result.start_symbols.find(symbol); s && s->type == "tristate")
        base_wanted.push_back({symbol, "profile: driver " + driver + " bound to a device"});
    (base_wanted.size() > before ? kept_drivers : unmatched_drivers).push_back(driver);
  }
  if (!kept_drivers.empty())
    util::note("profile: bound drivers built in where it was made, kept: " + joined(kept_drivers));
  if (!unmatched_drivers.empty())
    util::note("profile: bound drivers left out (named like object files, but of no option "
               "that can be a module): " +
               joined(unmatched_drivers));
  for (const auto& driver : bootcheck::qemu_device_drivers(checks))
    reference_wanted.push_back({driver, "driver of a device QEMU attaches"});

  kconfig::ConfigFile tiny =
      kconfig::ConfigFile::parse(tools.make_config_target("tinyconfig"), "tinyconfig");
  // Base and reference set exactly their options, everything else off, as allnoconfig does:
  // olddefconfig would give newly visible options their defaults (IPV6 comes with INET), code
  // the search would then spend builds removing.
  auto exactly = [&](BaseConfig made, const std::string& name) {
    util::ScratchDir scratch(tools.workdir().scratch(), name + "-");
    made.config.save(scratch.path() / "allconfig");
    made.config = kconfig::ConfigFile::parse(
        tools.make_config_target("allnoconfig", scratch.path() / "allconfig"), name);
    return made;
  };
  BaseConfig base = make_base(tiny, result.start_symbols, base_wanted, gates);
  for (const auto& symbol : symbol_list(settings.drop)) // what the search may never turn on
    if (auto value = base.config.value(symbol); value && kconfig::enabled(*value)) {
      base.origin.erase(symbol);
      base.config.set(symbol, "n");
      util::note("base: " + symbol + " left out (--drop)");
    }
  result.base = exactly(std::move(base), "base");
  result.reference =
      exactly(make_base(tiny, result.start_symbols, reference_wanted, gates), "reference");
  for (const auto& skipped : result.base.skipped)
    util::note("base: left out " + skipped);
  std::vector<std::string> set;
  for (const auto& [symbol, why] : result.base.origin)
    set.push_back(symbol);
  util::note("base: tinyconfig with " + std::to_string(set.size()) +
             " symbols built in: " + joined(set, 200));
  size_t modules = 0, built_in = 0;
  for (const auto& [symbol, value] : start.assignments())
    if (value == "m") {
      ++modules;
      built_in += result.base.origin.contains(symbol);
    }
  util::note("base: " + std::to_string(built_in) + " of the start config's " +
             std::to_string(modules) + " modules built in (loaded under the checks, or needed " +
             "by one that was); the others left out, and MODULES with them");
  return result;
}

kconfig::ConfigFile passing_start(ProfiledStart& start, optimizer::ConfigResolver& resolver,
                                  optimizer::Oracle& oracle, const RunSettings& settings) {
  util::note("sanity check: building and booting the base config (the start config is not "
             "built)");
  kconfig::ResolvedConfig base = resolver.resolve(start.base.config);
  optimizer::Outcome outcome = oracle.judge(base, &util::interrupted());
  using optimizer::Verdict;
  if (outcome.verdict == Verdict::pass || util::interrupted()) return base.config;
  optimizer::require_answer(outcome);
  util::note("base: " + std::string(optimizer::to_string(outcome.verdict)) + " (" + outcome.detail +
             "); growing it toward the start config");
  util::Stopwatch clock;
  optimizer::GrowResult grown =
      optimizer::grow(resolver, oracle, base, outcome, start.start_symbols,
                      {.workers = settings.workers,
                       .stop = &util::interrupted(),
                       .never = symbol_list(settings.drop)});
  if (util::interrupted()) return base.config; // the engine rejects it as interrupted
  if (grown.no_answer) throw optimizer::CannotJudge(*grown.no_answer);
  if (!grown.passing)
    throw util::Error("the base config fails (" + grown.base_failure + ") and growing it found " +
                      "nothing that passes: " + grown.reason);
  for (const auto& symbol : grown.added)
    start.base.origin[symbol] = "grow: the base failed without it (" + grown.base_failure + ")";
  start.base.config = grown.passing->config;
  util::note("base: grown by " + std::to_string(grown.added.size()) + " options in " +
             std::to_string(grown.judged) + " candidates (" + util::seconds_text(clock.seconds()) +
             "): " + joined(grown.added));
  return grown.passing->config;
}

} // namespace kshrink::run
