// A synthetic run in a process of its own, for the crash tests to kill -9: the engine over a
// synthetic kernel, its verdicts and trials in a real SQLite file (StoredOracle, RunRecorder),
// each judgement taking DELAY_MS (a build, as it were) and appended to JUDGED_LOG once made.
// Run 1 of the database is created or resumed; the best config's hash is printed at the end.
//
//   crash_synthetic_run DB JUDGED_LOG SEED DELAY_MS
#include "optimizer/engine.h"
#include "optimizer/strategy.h"
#include "optimizer/synthetic/synthetic_kernel.h"
#include "run/run_recorder.h"
#include "run/stored_oracle.h"
#include "storage/run_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

using namespace kshrink;

namespace {

/// The kernel's judgement, slowed to DELAY_MS and logged (one line per judgement, hash first)
/// with one write(2) once it is made: what a kill -9 can lose is only what is in flight.
struct LoggedOracle : optimizer::Oracle {
  optimizer::Oracle& inner;
  int log;
  std::chrono::milliseconds delay;
  LoggedOracle(optimizer::Oracle& inner, int log, std::chrono::milliseconds delay)
      : inner(inner), log(log), delay(delay) {}
  optimizer::Outcome judge(const kconfig::ResolvedConfig& config,
                           const std::atomic<bool>* cancel) override {
    std::this_thread::sleep_for(delay);
    optimizer::Outcome outcome = inner.judge(config, cancel);
    std::string line = config.hash + "\n";
    if (::write(log, line.data(), line.size()) != ssize_t(line.size())) std::abort();
    return outcome;
  }
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: crash_synthetic_run DB JUDGED_LOG SEED DELAY_MS\n";
    return 2;
  }
  optimizer::SyntheticKernel kernel({.symbols = 400, .seed = unsigned(std::stoul(argv[3]))});
  int log = ::open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return 3;
  LoggedOracle logged(kernel, log, std::chrono::milliseconds(std::stoi(argv[4])));
  storage::Database db(argv[1]);
  storage::RunStore runs(db);
  storage::VerdictStore verdicts(db);
  int64_t id =
      runs.get(1) ? 1 : runs.create({.state = storage::RunState::running, .settings_json = "{}"});
  run::StoredOracle stored(logged, verdicts, {"synthetic", "boot", "bzimage", ""});
  optimizer::Engine engine(kernel, kernel, stored, {.workers = 2});
  run::RunRecorder recorder(runs, id, engine);
  engine.set_observer(&recorder);
  engine.start(kernel.start_config());
  optimizer::make_strategy("ddmin")->run(engine);
  runs.set_state(id, storage::RunState::done);
  std::cout << engine.best().hash << "\n";
  return 0;
}
