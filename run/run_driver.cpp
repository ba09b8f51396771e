// The run driver: wiring of tree, pool, checker, stores and engine, then the outputs.
#include "run/run_driver.h"

#include "bootcheck/boot_backend.h"
#include "bootcheck/check_registry.h"
#include "bootcheck/harness_requirements.h"
#include "bootcheck/qemu_boot_checker.h"
#include "builder/object_sizes.h"
#include "builder/rebuild_fanout.h"
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "profile/profile.h"
#include "run/budget.h"
#include "run/kernel_oracle.h"
#include "run/prepare.h"
#include "run/profiled_start.h"
#include "run/run_recorder.h"
#include "run/stored_oracle.h"
#include "run/tree_adapters.h"
#include "storage/run_store.h"
#include "storage/verdict_store.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/sha256.h"
#include "util/stopwatch.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace fs = std::filesystem;

namespace kshrink::run {
namespace {

std::string check_names(const std::vector<bootcheck::Check>& checks) {
  std::string names;
  for (const auto& check : checks)
    names += (names.empty() ? "" : ",") + check.name;
  return names;
}

/// What verdicts are stored under: the check names and a digest of what the checks run, so
/// a user's edited script (or a changed built-in check) is never answered by old verdicts.
std::string verdict_checks_key(const std::vector<bootcheck::Check>& checks) {
  std::string scripts;
  for (const auto& check : checks)
    scripts += check.name + '\0' + check.script + '\0';
  return check_names(checks) + "@" + util::sha256_hex(scripts).substr(0, 12);
}

/// The harness needs these from any kernel; a start config without them cannot be checked.
void require_harness_options(const kconfig::ConfigFile& start) {
  std::string missing;
  for (const auto& r : bootcheck::harness_requirements())
    if (start.value(r.symbol).value_or("n") != "y")
      missing += "\n  CONFIG_" + r.symbol + "=y (" + r.reason + ")";
  if (!missing.empty())
    throw util::Error("the start config lacks what the boot harness needs from every kernel; add:" +
                      missing);
}

/// Each symbol the base sets, with why: "EXT4_FS\tprofile: module ext4".
std::string origins_text(const BaseConfig& base) {
  std::string text;
  for (const auto& [symbol, why] : base.origin)
    text += symbol + "\t" + why + "\n";
  for (const auto& skipped : base.skipped)
    text += "# left out: " + skipped + "\n";
  return text;
}

/// The base's and the reference's configs and origins, beside the run's outputs.
void write_start_files(const ProfiledStart& start, const fs::path& run_dir) {
  util::write_file_atomic(run_dir / "base.origins", origins_text(start.base));
  start.base.config.save(run_dir / "base.config");
  start.reference.config.save(run_dir / "reference.config");
}

/// Builds and boots the expert-minimal reference; its bytes, or 0 if it did not pass.
uint64_t judge_reference(const BaseConfig& reference, optimizer::ConfigResolver& resolver,
                         optimizer::Oracle& oracle) {
  util::note("reference: building and booting the expert-minimal config (tinyconfig, EXPERT, "
             "harness, the checks' features, QEMU's device drivers)");
  util::Stopwatch clock;
  optimizer::Outcome outcome =
      oracle.judge(resolver.resolve(reference.config), &util::interrupted());
  bool passed = outcome.verdict == optimizer::Verdict::pass;
  util::note(
      "reference: " + std::string(optimizer::to_string(outcome.verdict)) +
      (passed ? ", " + std::to_string(outcome.bytes) + " bytes" : " (" + outcome.detail + ")") +
      " in " + util::seconds_text(clock.seconds()));
  return passed ? outcome.bytes : 0;
}

void write_report(const RunSummary& s, const fs::path& path) {
  std::ostringstream out;
  out << "kshrink run " << s.run << ": " << s.state << "\n"
      << "start: " << s.start_bytes << " bytes\nbest:  " << s.best_bytes << " bytes ("
      << (s.start_bytes ? 100.0 * double(s.start_bytes - s.best_bytes) / double(s.start_bytes) : 0)
      << "% saved)\n\naccepted removals (bytes saved):\n";
  for (const auto& step : s.steps) {
    out << "  " << step.bytes_before - step.bytes_after << "\t";
    for (size_t i = 0; i < step.symbols.size(); ++i)
      out << (i ? " " : "") << step.symbols[i];
    out << "\n";
  }
  out << "\nbuilds by verdict:";
  for (const auto& [verdict, count] : s.builds)
    out << " " << verdict << "=" << count;
  out << "\ntrials by verdict (cache hits included):";
  for (const auto& [verdict, count] : s.trials)
    out << " " << verdict << "=" << count;
  out << "\ntime: sanity check " << s.sanity_seconds << " s (first build and boot "
      << s.first_build_seconds << " s), search " << s.search_seconds << " s, wall "
      << s.wall_seconds << " s\n";
  out << profile_lines(s);
  out << "harness requirements (kept in every kernel):";
  for (const auto& symbol : s.harness_requirements)
    out << " " << symbol;
  if (!s.origins.empty()) {
    out << "\nwhere the best config's symbols came from (the others came with them):\n";
    for (const auto& [symbol, why] : s.origins)
      out << "  " << symbol << "\t" << why << "\n";
  }
  out << "\nbest config: " << s.best_config.string() << "\n";
  util::write_file_atomic(path, out.str());
}

} // namespace

CheckedSettings check_settings(const RunSettings& settings) {
  CheckedSettings checked{parse_budget(settings.budget), parse_objective(settings.objective),
                          bootcheck::parse_checks(settings.checks),
                          optimizer::make_strategy(settings.strategy)};
  bootcheck::check_boot_backend(settings.boot);
  if (settings.workers < 1 || settings.workers > 64)
    throw util::Error("workers must be between 1 and 64, not " + std::to_string(settings.workers));
  if (settings.jobs < 0) throw util::Error("jobs must be 0 (automatic) or more");
  if (settings.build_timeout < 1 || settings.boot_timeout < 1)
    throw util::Error("timeouts must be at least one second");
  if (std::string mode = profile_mode(settings); mode == "prebuilt" && settings.boot != "qemu")
    throw util::Error("--profile prebuilt boots Debian's kernel in QEMU: it needs --boot qemu");
  else if (mode != "prebuilt" && mode != "none")
    profile::read_profile(mode); // a bad profile file is refused before any work
  return checked;
}

RunSummary execute_run(RunSettings settings, std::optional<int64_t> resume) {
  fs::path workdir = resolve_workdir(settings.workdir);
  fs::path db_path = settings.db.empty() ? workdir / "kshrink.db" : fs::absolute(settings.db);
  storage::Database db(db_path);
  storage::RunStore runs(db);
  storage::VerdictStore verdicts(db);
  if (resume) {
    auto record = runs.get(*resume);
    if (!record) throw util::Error("no run " + std::to_string(*resume) + " in " + db_path.string());
    // The run's own settings, work directory included; the database stays the one that
    // holds the run.
    settings = settings_from_json(record->settings_json);
    workdir = resolve_workdir(settings.workdir);
  }
  // Everything that can be refused is checked before any work.
  auto [budget, objective, checks, strategy] = check_settings(settings);

  util::Stopwatch sanity_clock, wall_clock;
  PreparedConfig prepared = prepare_config(settings.tree, settings.config, workdir);
  const tree::KernelTree& tree = prepared.tools.tree();
  require_harness_options(prepared.resolved.config);

  RunSummary summary;
  summary.run = resume ? *resume
                       : runs.create({.state = "running",
                                      .tree_key = tree.key,
                                      .tree_version = tree.version,
                                      .checks = check_names(checks),
                                      .objective = to_string(objective),
                                      .strategy = settings.strategy,
                                      .settings_json = to_json(settings)});
  runs.set_tree(summary.run, tree.key, tree.version); // a queued run learns it only now
  runs.set_state(summary.run, "running");
  // Outputs live beside the database that names the run.
  fs::path run_dir = db_path.parent_path() / "runs" / std::to_string(summary.run);
  fs::create_directories(run_dir);
  util::note("run " + std::to_string(summary.run) + " (database " + db_path.string() + ")");

  // A big start config is not built: the search starts from a base made from a profile.
  std::optional<ProfiledStart> profiled;
  std::optional<builder::ObjectMap> objects;
  if (profile_mode(settings) != "none") {
    try {
      objects = builder::read_object_map(tree.source);
      profiled = profiled_start(settings, prepared.tools, prepared.resolved.config, checks,
                                *objects, optimizer::EngineSettings{}.gates, run_dir, workdir);
    } catch (const util::Error& e) {
      runs.set_state(summary.run, util::interrupted() ? "interrupted" : "failed", e.what());
      throw;
    }
    summary.profile_source = profiled->profile.source;
    summary.profile_modules = profiled->profile.modules.size();
    summary.distro_kernel = profiled->distro_kernel;
    summary.distro_kernel_bytes = profiled->distro_kernel_bytes;
    write_start_files(*profiled, run_dir);
  }

  builder::BuildSettings build_settings{.workers = settings.workers,
                                        .jobs = settings.jobs,
                                        .timeout = std::chrono::seconds(settings.build_timeout),
                                        .with_modules =
                                            objective == Objective::bzimage_with_modules,
                                        .ccache_max_size = settings.ccache_max_size,
                                        .distcc_hosts = settings.distcc_hosts};
  builder::BuildPool pool(tree, workdir, build_settings);
  auto checker =
      bootcheck::make_boot_checker(settings.boot, checks, run_dir / "boot",
                                   {.timeout = std::chrono::seconds(settings.boot_timeout)});
  KernelOracle kernel(pool, *checker, objective, workdir / "artifacts" / tree.key);
  StoredOracle oracle(kernel, verdicts,
                      {tree.key, verdict_checks_key(checks), to_string(objective), ""});
  TreeResolver resolver(prepared.tools);
  TreeSymbols symbols(prepared.tools);

  optimizer::EngineSettings engine_settings{.workers = settings.workers,
                                            .max_builds = budget.builds,
                                            .max_time = budget.time,
                                            .keep = symbol_list(settings.keep),
                                            .drop = symbol_list(settings.drop),
                                            .stop = &util::interrupted()};
  for (const auto& r : bootcheck::harness_requirements()) {
    engine_settings.keep.insert(r.symbol);
    summary.harness_requirements.push_back(r.symbol);
  }
  for (const auto& check : checks)
    engine_settings.needed.insert(check.features.begin(), check.features.end());
  if (settings.boot == "qemu")
    for (const auto& driver : bootcheck::qemu_device_drivers(checks))
      engine_settings.needed.insert(driver);
  // Filled once a worker has built the start config: targets are then ordered by bytes.
  auto sizes = std::make_shared<std::optional<builder::ObjectSizeEstimator>>();
  engine_settings.estimate = [sizes](const kconfig::Symbol& symbol) -> uint64_t {
    return *sizes ? (*sizes)->bytes(symbol.name) : 0;
  };
  // Filled at the same time: targets that recompile much of the kernel are chunked apart.
  auto fanout = std::make_shared<std::optional<builder::RebuildFanout>>();
  engine_settings.rebuild = [fanout](const kconfig::Symbol& symbol) {
    return *fanout ? (*fanout)->share(symbol.name) : 0.0;
  };
  optimizer::Engine engine(resolver, symbols, oracle, engine_settings);
  try {
    util::Stopwatch first_build_clock;
    if (profiled) {
      // Judged (and grown) before the engine starts from it: its verdict is stored.
      engine.start(passing_start(*profiled, resolver, oracle, settings));
      write_start_files(*profiled, run_dir); // with the options grown, if any
      summary.base_symbols = profiled->base.origin.size();
      util::note("base: " + std::to_string(engine.start_bytes()) + " bytes, passes its checks (" +
                 util::seconds_text(first_build_clock.seconds()) + " to build and boot)");
    } else {
      util::note("sanity check: building and booting the start config");
      engine.start(prepared.resolved.config);
    }
    summary.first_build_seconds = first_build_clock.seconds();
  } catch (const util::Error& e) { // the base could not be made to pass
    runs.set_state(summary.run, util::interrupted() ? "interrupted" : "failed", e.what());
    throw;
  } catch (const optimizer::StartRejected& e) {
    runs.set_state(summary.run, util::interrupted() ? "interrupted" : "failed",
                   util::interrupted() ? "stopped during the sanity check" : e.what());
    throw util::Error(std::string(e.what()) + "\n(run " + std::to_string(summary.run) +
                      "; artifacts under " + (workdir / "artifacts" / tree.key).string() + ")");
  }
  runs.set_start(summary.run, engine.best().hash, engine.best_bytes());
  summary.sanity_seconds = sanity_clock.seconds();
  if (fs::path measured = pool.closest_build_dir(engine.best().config); !measured.empty()) {
    util::Stopwatch map_clock;
    sizes->emplace(objects ? *objects : builder::read_object_map(tree.source), measured);
    fanout->emplace(builder::RebuildFanout::read(measured, tree.source));
    util::note("size and rebuild estimates: the tree's obj-$(CONFIG_...) lines and the " +
               std::to_string((*fanout)->objects()) + " objects in " + measured.string() + " (" +
               util::seconds_text(map_clock.seconds()) + ")");
  }

  if (profiled && settings.boot == "qemu") {
    if (std::any_of(checks.begin(), checks.end(), [](auto& c) { return c.users_own; }))
      util::note("reference: not built (kshrink cannot know what a user's script needs, so no "
                 "config of its making is a reference for it)");
    else
      summary.reference_bytes = judge_reference(profiled->reference, resolver, oracle);
  }

  util::Stopwatch search_clock;
  RunRecorder recorder(runs, summary.run, engine);
  ProgressPrinter progress(stderr, engine.start_bytes());
  optimizer::ObserverFanOut fan_out({&recorder, &progress});
  engine.set_observer(&fan_out);
  strategy->run(engine);
  progress.finish();
  summary.search_seconds = search_clock.seconds();
  summary.wall_seconds = wall_clock.seconds();

  summary.state = util::interrupted() ? "interrupted" : "done";
  summary.start_bytes = engine.start_bytes();
  summary.best_bytes = engine.best_bytes();
  for (const auto& step : engine.accepted()) {
    ReportStep report_step{{}, step.bytes_before, step.bytes_after};
    for (const auto& m : step.mutations)
      report_step.symbols.push_back(optimizer::describe(m));
    summary.steps.push_back(std::move(report_step));
  }
  for (const auto& [verdict, count] : engine.verdict_counts())
    summary.trials[optimizer::to_string(verdict)] = count;
  for (const auto& [verdict, count] : engine.build_counts())
    summary.builds[optimizer::to_string(verdict)] = count;
  summary.best_config = run_dir / "best.config";
  summary.best_defconfig = run_dir / "best.defconfig";
  summary.report = run_dir / "report.txt";
  engine.best().config.save(summary.best_config);
  if (util::interrupted()) {
    summary.best_defconfig.clear(); // conf cannot run once stopped: the full config is written
  } else {
    util::write_file_atomic(summary.best_defconfig,
                            kconfig::Resolver(prepared.tools).savedefconfig(engine.best().config));
  }
  if (profiled)
    for (const auto& [symbol, why] : profiled->base.origin)
      if (engine.best().config.value(symbol) == "y") summary.origins[symbol] = why;
  write_report(summary, summary.report);
  util::write_file_atomic(run_dir / "report.json", summary_json(summary));
  runs.set_best(summary.run, engine.best().hash, engine.best_bytes());
  runs.set_state(summary.run, summary.state);
  return summary;
}

std::string ratio_text(uint64_t bytes, uint64_t of) {
  if (of == 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.3fx", double(bytes) / double(of));
  return text;
}

std::string profile_lines(const RunSummary& s) {
  if (s.profile_source.empty()) return "";
  std::ostringstream out;
  out << "profile: " << s.profile_source << ", " << s.profile_modules << " modules\n"
      << "base (the search's start): " << s.base_symbols
      << " symbols set over tinyconfig (see base.origins)\n";
  if (s.distro_kernel_bytes)
    out << "distro kernel: " << s.distro_kernel << ", " << s.distro_kernel_bytes
        << " bytes; best is " << ratio_text(s.best_bytes, s.distro_kernel_bytes) << " of it\n";
  if (s.reference_bytes)
    out << "expert-minimal reference: " << s.reference_bytes << " bytes; best is "
        << ratio_text(s.best_bytes, s.reference_bytes) << " of it\n";
  return out.str();
}

std::string summary_json(const RunSummary& s) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : s.steps)
    steps.push_back({{"symbols", step.symbols},
                     {"bytes_before", step.bytes_before},
                     {"bytes_after", step.bytes_after},
                     {"bytes_saved", step.bytes_before - step.bytes_after}});
  return nlohmann::json{
      {"run", s.run},
      {"state", s.state},
      {"start_bytes", s.start_bytes},
      {"best_bytes", s.best_bytes},
      {"builds", s.builds},
      {"trials", s.trials},
      {"removals", steps},
      {"harness_requirements", s.harness_requirements},
      {"best_config", s.best_config.string()},
      {"best_defconfig", s.best_defconfig.string()},
      {"report", s.report.string()},
      {"profile", {{"source", s.profile_source}, {"modules", s.profile_modules}}},
      {"base_symbols", s.base_symbols},
      {"distro_kernel", {{"package", s.distro_kernel}, {"bytes", s.distro_kernel_bytes}}},
      {"reference_bytes", s.reference_bytes},
      {"origins", s.origins},
      {"seconds",
       {{"sanity_check", s.sanity_seconds},
        {"first_build", s.first_build_seconds},
        {"search", s.search_seconds},
        {"wall", s.wall_seconds}}}}
      .dump(2);
}

} // namespace kshrink::run
