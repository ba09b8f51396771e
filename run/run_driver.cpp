// The run driver: wiring of tree, pool, checker, stores and engine, then the outputs.
#include "run/run_driver.h"

#include "bootcheck/boot_backend.h"
#include "bootcheck/check_registry.h"
#include "bootcheck/harness_requirements.h"
#include "bootcheck/qemu_boot_checker.h"
#include "builder/build_pool.h"
#include "kconfig/config_diff.h"
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "profile/guest_probe.h"
#include "profile/profile.h"
#include "run/budget.h"
#include "run/kernel_oracle.h"
#include "run/live_state.h"
#include "run/prepare.h"
#include "run/profiled_start.h"
#include "run/run_estimates.h"
#include "run/run_recorder.h"
#include "run/stored_oracle.h"
#include "run/tree_adapters.h"
#include "storage/run_store.h"
#include "storage/verdict_store.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/run_files.h"
#include "util/sha256.h"
#include "util/stopwatch.h"
#include "util/work_dir.h"

#include <algorithm>

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
      missing += (missing.empty() ? " CONFIG_" : ", CONFIG_") + r.symbol + "=y (" + r.reason + ")";
  if (!missing.empty())
    throw util::Error("the start config lacks what the boot harness needs from every kernel; add" +
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
void write_start_files(const ProfiledStart& start, const util::RunFiles& files) {
  util::write_file_atomic(files.base_origins(), origins_text(start.base));
  start.base.config.save(files.base_config());
  start.reference.config.save(files.reference_config());
}

/// Builds and boots the expert-minimal reference; its bytes, or 0 if it did not pass.
uint64_t judge_reference(const BaseConfig& reference, optimizer::ConfigResolver& resolver,
                         optimizer::Oracle& oracle) {
  util::note("reference: building and booting the expert-minimal config (tinyconfig, EXPERT, "
             "harness, the checks' features, QEMU's device drivers)");
  util::Stopwatch clock;
  optimizer::Outcome outcome =
      oracle.judge(resolver.resolve(reference.config), &util::interrupted());
  optimizer::require_answer(outcome);
  bool passed = outcome.verdict == optimizer::Verdict::pass;
  util::note(
      "reference: " + std::string(optimizer::to_string(outcome.verdict)) +
      (passed ? ", " + std::to_string(outcome.bytes) + " bytes" : " (" + outcome.detail + ")") +
      " in " + util::seconds_text(clock.seconds()));
  return passed ? outcome.bytes : 0;
}

} // namespace

CheckedSettings check_settings(const RunSettings& settings) {
  CheckedSettings checked{parse_budget(settings.budget), parse_objective(settings.objective),
                          bootcheck::parse_checks(settings.checks),
                          optimizer::make_strategy(settings.strategy)};
  bootcheck::check_boot_backend(settings.boot);
  require_symbol_names("--keep", settings.keep);
  require_symbol_names("--drop", settings.drop);
  util::require_in_range("workers", settings.workers, 1, builder::max_workers);
  util::require_in_range("jobs (0: automatic)", settings.jobs, 0, builder::max_jobs);
  util::require_in_range("the build timeout (seconds)", settings.build_timeout, 1,
                         builder::max_build_timeout.count());
  util::require_in_range("the boot timeout (seconds)", settings.boot_timeout, 1,
                         bootcheck::max_boot_timeout.count());
  if (std::string mode = profile_mode(settings); mode == "prebuilt" && settings.boot != "qemu")
    throw util::Error("--profile prebuilt boots Debian's kernel in QEMU: it needs --boot qemu");
  else if (mode != "prebuilt" && mode != "none")
    profile::read_profile(mode); // a bad profile file is refused before any work
  return checked;
}

namespace {

/// What the steps of a run share once its row exists.
struct RunContext {
  const RunSettings& settings;
  CheckedSettings& checked;
  const PreparedConfig& prepared;
  storage::RunStore& runs;
  storage::VerdictStore& verdicts;
  util::RunFiles files;        ///< the run's directory, beside the database
  util::Stopwatch since_start; ///< from before the tree was prepared
  RunSummary summary;
  optimizer::BudgetUse spent; ///< of the budget, before this process (a resumed run)
};

/// What a stopped run had spent of its budget, said as it resumes.
optimizer::BudgetUse spent_by(const storage::RunRecord& record) {
  optimizer::BudgetUse spent{size_t(record.spent_builds),
                             std::chrono::seconds(record.spent_seconds)};
  util::note("resuming run " + std::to_string(record.id) + ": " + std::to_string(spent.builds) +
             " search builds and " + util::seconds_text(double(spent.time.count())) +
             " of its budget spent; judged candidates are answered from the database");
  return spent;
}

/// The run's row: a new one, or the resumed one marked running again.
int64_t open_row(storage::RunStore& runs, std::optional<int64_t> resume,
                 const RunSettings& settings, const CheckedSettings& checked,
                 const tree::KernelTree& tree) {
  int64_t run = resume ? *resume
                       : runs.create({.state = storage::RunState::running,
                                      .tree_key = tree.key,
                                      .tree_version = tree.version,
                                      .checks = check_names(checked.checks),
                                      .objective = to_string(checked.objective),
                                      .strategy = settings.strategy,
                                      .settings_json = to_json(settings)});
  runs.set_tree(run, tree.key, tree.version); // a queued run learns it only now
  runs.set_state(run, storage::RunState::running);
  return run;
}

/// A big start config is not built: the search starts from a base made from a profile.
std::optional<ProfiledStart> profiled_start_if_any(RunContext& run,
                                                   std::optional<builder::ObjectMap>& objects) {
  if (profile_mode(run.settings) == "none") return std::nullopt;
  const tree::KernelTree& tree = run.prepared.tools.tree();
  objects = builder::read_object_map(tree.source);
  ProfiledStart profiled =
      profiled_start(run.settings, run.prepared.tools, run.prepared.resolved.config,
                     run.checked.checks, *objects, optimizer::EngineSettings{}.gates, run.files);
  run.summary.profile_source = profiled.profile.source;
  run.summary.profile_modules = profiled.profile.modules.size();
  run.summary.distro_kernel = profiled.distro_kernel;
  run.summary.distro_kernel_bytes = profiled.distro_kernel_bytes;
  write_start_files(profiled, run.files);
  return profiled;
}

/// Budgets, pins (--keep, the harness's needs, what the checks need by construction) and
/// --drop, as the engine takes them.
optimizer::EngineSettings engine_settings_for(RunContext& run) {
  const auto& checks = run.checked.checks;
  optimizer::EngineSettings engine{.workers = run.settings.workers,
                                   .max_builds = run.checked.budget.builds,
                                   .max_time = run.checked.budget.time,
                                   .spent = run.spent,
                                   .keep = symbol_list(run.settings.keep),
                                   .drop = symbol_list(run.settings.drop),
                                   .stop = &util::interrupted()};
  for (const auto& r : bootcheck::harness_requirements()) {
    engine.keep.insert(r.symbol);
    run.summary.harness_requirements.push_back(r.symbol);
  }
  for (const auto& check : checks)
    engine.needed.insert(check.features.begin(), check.features.end());
  if (run.settings.boot == "qemu")
    for (const auto& driver : bootcheck::qemu_device_drivers(checks))
      engine.needed.insert(driver);
  return engine;
}

/// The sanity check: the start config (or the base, grown if it fails) judged and the
/// engine started from it. Throws util::Error if it cannot pass.
void start_engine(RunContext& run, optimizer::Engine& engine,
                  std::optional<ProfiledStart>& profiled, optimizer::ConfigResolver& resolver,
                  optimizer::Oracle& oracle) {
  util::Stopwatch clock;
  try {
    if (profiled) {
      // Judged (and grown) before the engine starts from it: its verdict is stored.
      engine.start(passing_start(*profiled, resolver, oracle, run.settings));
      write_start_files(*profiled, run.files); // with the options grown, if any
      run.summary.base_symbols = profiled->base.origin.size();
      util::note("base: " + std::to_string(engine.start_bytes()) + " bytes, passes its checks (" +
                 util::seconds_text(clock.seconds()) + " to build and boot)");
    } else {
      util::note("sanity check: building and booting the start config");
      engine.start(run.prepared.resolved.config);
    }
  } catch (const optimizer::StartRejected& e) {
    if (util::interrupted()) throw util::Error("stopped during the sanity check");
    throw util::Error(
        std::string(e.what()) + "\n(run " + std::to_string(run.summary.run) + "; artifacts under " +
        run.prepared.tools.workdir().artifacts(run.prepared.tools.tree().key).string() + ")");
  }
  run.summary.first_build_seconds = clock.seconds();
  run.runs.set_start(run.summary.run, engine.best().hash, engine.best_bytes());
}

/// The reference a profiled run is measured against, where kshrink can make one.
void judge_reference_if_any(RunContext& run, const std::optional<ProfiledStart>& profiled,
                            optimizer::ConfigResolver& resolver, optimizer::Oracle& oracle) {
  if (!profiled || run.settings.boot != "qemu") return;
  const auto& checks = run.checked.checks;
  if (std::any_of(checks.begin(), checks.end(), [](auto& c) { return c.users_own; }))
    util::note("reference: not built (kshrink cannot know what a user's script needs, so no "
               "config of its making is a reference for it)");
  else
    run.summary.reference_bytes = judge_reference(profiled->reference, resolver, oracle);
}

/// The strategy under the budget, its progress shown, its live state written and every trial
/// recorded.
void search(RunContext& run, optimizer::Engine& engine, LiveStateWriter& live) {
  util::Stopwatch clock;
  RunRecorder recorder(run.runs, run.summary.run, engine);
  ProgressPrinter progress(stderr, engine.start_bytes());
  live.watch(engine);
  optimizer::ObserverFanOut fan_out({&recorder, &progress, &live});
  engine.set_observer(&fan_out);
  try {
    run.checked.strategy->run(engine);
  } catch (const std::exception&) {
    // Stopped in the middle of a step (a conf run cancelled, say): the best so far stands and
    // its outputs are written, as for a stop between steps.
    if (!util::interrupted()) throw;
  }
  progress.finish();
  run.summary.search_seconds = clock.seconds();
}

/// How a run stopped by a signal ends: cancelled if a user asked for it, else interrupted (and
/// resumable).
storage::RunState stopped_state(storage::RunStore& runs, int64_t id) {
  auto record = runs.get(id);
  return record && record->cancel_requested ? storage::RunState::cancelled
                                            : storage::RunState::interrupted;
}

/// The accepted steps with the symbols each changed: its candidate's, and the dependents whose
/// values changed with them between the configs before and after it (as the verdict store
/// keeps them; without those files, the candidate's alone).
std::vector<StepChange> accepted_changes(RunContext& run, const optimizer::Engine& engine,
                                         const kconfig::ConfigFile& search_start) {
  std::vector<StepChange> steps;
  std::optional<kconfig::ConfigFile> before = search_start;
  for (const auto& step : engine.accepted()) {
    StepChange change;
    change.bytes_saved =
        step.bytes_before > step.bytes_after ? step.bytes_before - step.bytes_after : 0;
    for (const auto& m : step.mutations)
      change.mutated.push_back(m.symbol);
    std::optional<kconfig::ConfigFile> after;
    fs::path path = run.verdicts.config_path(step.hash);
    if (!path.empty() && fs::is_regular_file(path)) after = kconfig::ConfigFile::load(path);
    if (before && after)
      for (const auto& c : kconfig::diff_configs(*before, *after))
        if (std::ranges::find(change.mutated, c.symbol) == change.mutated.end())
          change.dependents.push_back(c.symbol);
    before = std::move(after);
    steps.push_back(std::move(change));
  }
  return steps;
}

/// What the search measured, shared by symbol and by top-level menu.
SizeBreakdown savings_of(const std::vector<StepChange>& steps, const RunEstimates& estimates,
                         const kconfig::SymbolTable& table) {
  return break_down(
      steps, [&](const std::string& symbol) { return estimates.bytes(symbol); },
      [&](const std::string& symbol) -> std::string {
        const kconfig::Symbol* known = table.find(symbol);
        if (!known) return "(menu not read)";
        return known->menu.empty() ? top_level_menu : known->menu.front();
      });
}

/// The summary filled from the engine, the best config, report and JSON written beside the
/// database, and the run's row closed.
void write_outputs(RunContext& run, const optimizer::Engine& engine,
                   const std::optional<ProfiledStart>& profiled,
                   const kconfig::ConfigFile& search_start, const RunEstimates& estimates,
                   optimizer::SymbolSource& symbols) {
  RunSummary& summary = run.summary;
  summary.wall_seconds = run.since_start.seconds();
  summary.state =
      util::interrupted() ? stopped_state(run.runs, summary.run) : storage::RunState::done;
  summary.start_bytes = engine.start_bytes();
  summary.best_bytes = engine.best_bytes();
  auto step_changes = accepted_changes(run, engine, search_start);
  for (size_t i = 0; i < engine.accepted().size(); ++i) {
    const auto& step = engine.accepted()[i];
    ReportStep report_step{{}, step.bytes_before, step.bytes_after, step_changes[i].dependents};
    for (const auto& m : step.mutations)
      report_step.symbols.push_back(optimizer::describe(m));
    summary.steps.push_back(std::move(report_step));
  }
  // Menus come from the tree's Kconfig parser, which does not run once the run is stopped; if
  // it fails, the report goes without them rather than the run's outputs.
  kconfig::SymbolTable menus = kconfig::SymbolTable::from_symbols({});
  try {
    if (!util::interrupted()) menus = symbols.symbols(engine.best().config);
  } catch (const util::Error& e) {
    util::note(std::string("bytes by menu: the symbol table could not be read: ") + e.what());
  }
  summary.savings = savings_of(step_changes, estimates, menus);
  // From the database: a resumed run's counts include what it did before it stopped.
  for (const auto& [verdict, count] : run.runs.trial_counts(summary.run))
    summary.trials[verdict] = size_t(count);
  for (const auto& [verdict, count] : run.runs.trial_counts(summary.run, true))
    summary.builds[verdict] = size_t(count);
  summary.best_config = run.files.best_config();
  summary.best_defconfig = run.files.best_defconfig();
  summary.report = run.files.report();
  engine.best().config.save(summary.best_config);
  if (util::interrupted()) {
    summary.best_defconfig.clear(); // conf cannot run once stopped: the full config is written
  } else {
    util::write_file_atomic(
        summary.best_defconfig,
        kconfig::Resolver(run.prepared.tools).savedefconfig(engine.best().config));
  }
  if (profiled)
    for (const auto& [symbol, why] : profiled->base.origin)
      if (engine.best().config.value(symbol) == "y") summary.origins[symbol] = why;
  auto changes = kconfig::diff_configs(run.prepared.resolved.config, engine.best().config);
  summary.changes_diff = run.files.changes();
  summary.changes_text = kconfig::diffconfig_text(changes);
  util::write_file_atomic(summary.changes_diff, summary.changes_text);
  summary.changes = kconfig::count_changes(changes);
  write_report(summary, summary.report);
  util::write_file_atomic(run.files.report_json(), summary_json(summary));
  run.runs.set_best(summary.run, engine.best().hash, engine.best_bytes());
  save_budget_use(run.runs, summary.run, engine);
  run.runs.set_state(summary.run, summary.state);
}

/// Everything after the row exists: profile, wiring, sanity check, reference, search,
/// outputs.
void run_from_row(RunContext& run) {
  const tree::KernelTree& tree = run.prepared.tools.tree();
  optimizer::EngineSettings engine_settings = engine_settings_for(run);
  LiveStateWriter live(run.files.live(), engine_settings);
  live.step(profile_mode(run.settings) == "none" ? "preparing" : "profile");
  std::optional<builder::ObjectMap> objects;
  std::optional<ProfiledStart> profiled = profiled_start_if_any(run, objects);

  Objective objective = run.checked.objective;
  builder::BuildPool pool(tree, run.prepared.tools.workdir(),
                          {.workers = run.settings.workers,
                           .jobs = run.settings.jobs,
                           .timeout = std::chrono::seconds(run.settings.build_timeout),
                           .with_modules = objective == Objective::bzimage_with_modules,
                           .ccache_max_size = run.settings.ccache_max_size,
                           .distcc_hosts = run.settings.distcc_hosts});
  // Counted modules are loaded as a distro loads them: coldplug by modalias, then on demand.
  bootcheck::GuestExtras guest;
  if (objective == Objective::bzimage_with_modules) guest.prelude = profile::coldplug_script();
  auto checker = bootcheck::make_boot_checker(
      run.settings.boot, run.checked.checks, run.files.boots(),
      {.timeout = std::chrono::seconds(run.settings.boot_timeout), .extras = guest});
  KernelOracle kernel(pool, *checker, objective, run.prepared.tools.workdir().artifacts(tree.key));
  StoredOracle oracle(kernel, run.verdicts,
                      {tree.key, verdict_checks_key(run.checked.checks), to_string(objective), ""});
  TreeResolver resolver(run.prepared.tools);
  TreeSymbols symbols(run.prepared.tools);
  RunEstimates estimates;
  estimates.wire(engine_settings);
  optimizer::Engine engine(resolver, symbols, oracle, engine_settings);

  live.step("sanity check");
  start_engine(run, engine, profiled, resolver, oracle);
  run.summary.sanity_seconds = run.since_start.seconds();
  estimates.load_or_read(run.files.estimates(), pool.closest_build_dir(engine.best().config), tree,
                         objects);
  if (profiled) live.step("reference");
  judge_reference_if_any(run, profiled, resolver, oracle);
  run.summary.start_builds = kernel.builds();
  save_budget_use(run.runs, run.summary.run, engine);
  kconfig::ConfigFile search_start = engine.best().config;
  search(run, engine, live);
  live.step("outputs");
  write_outputs(run, engine, profiled, search_start, estimates, symbols);
}

} // namespace

RunSummary execute_run(RunSettings settings, std::optional<int64_t> resume) {
  fs::path db_path = settings.db.empty() ? util::WorkDir::resolve(settings.workdir).database()
                                         : fs::absolute(settings.db);
  // Everything that can be refused is checked before any work, and before any file is made:
  // a new run's database is made only once its tree and start config are accepted.
  std::optional<storage::RunRecord> resumed;
  if (resume) {
    if (!fs::exists(db_path))
      throw util::NotFoundError("no run " + std::to_string(*resume) + " to resume: no database " +
                                db_path.string());
    storage::Database existing(db_path);
    resumed = storage::RunStore(existing).get(*resume);
    if (!resumed)
      throw util::NotFoundError("no run " + std::to_string(*resume) + " in " + db_path.string());
    // The run's own settings, work directory included; the database stays the one that
    // holds the run.
    settings = settings_from_json(resumed->settings_json);
  } else if (fs::exists(db_path)) {
    storage::Database existing(db_path); // a file that is not a database is refused now
  }
  CheckedSettings checked = check_settings(settings);

  util::Stopwatch since_start;
  PreparedConfig prepared =
      prepare_config(settings.tree, settings.config, util::WorkDir::resolve(settings.workdir));
  require_harness_options(prepared.resolved.config);
  storage::Database db(db_path);
  storage::RunStore runs(db);
  storage::VerdictStore verdicts(db);
  optimizer::BudgetUse spent = resumed ? spent_by(*resumed) : optimizer::BudgetUse{};
  int64_t id = open_row(runs, resume, settings, checked, prepared.tools.tree());
  RunContext run{settings,    checked,  prepared,
                 runs,        verdicts, util::RunFiles(util::WorkDir::run_dir(db_path, id)),
                 since_start, {},       spent};
  run.summary.run = id;
  util::note("run " + std::to_string(run.summary.run) + " (database " + db_path.string() + ")");
  try {
    fs::create_directories(run.files.dir());
    prepared.resolved.config.save(run.files.start_config()); // what `kshrink diff` starts from
    run_from_row(run);
  } catch (const optimizer::CannotJudge& e) { // the machine's fault: resumable once fixed
    runs.set_state(run.summary.run, storage::RunState::paused, e.what());
    throw util::EnvironmentError("run " + std::to_string(run.summary.run) + " paused: " + e.what() +
                                 " (fix it, then: kshrink run --resume " +
                                 std::to_string(run.summary.run) + " --db " + db_path.string() +
                                 ")");
  } catch (const std::exception& e) { // no run is left "running" by a failure
    runs.set_state(run.summary.run,
                   util::interrupted() ? stopped_state(runs, run.summary.run)
                                       : storage::RunState::failed,
                   e.what());
    throw;
  }
  return run.summary;
}

} // namespace kshrink::run
