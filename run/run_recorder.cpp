// RunRecorder and ProgressPrinter.
#include "run/run_recorder.h"

#include "util/human_units.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <unistd.h>

namespace kshrink::run {

std::string mutations_json(const optimizer::Candidate& mutations) {
  // By symbol: a candidate means the same whatever order its strategy listed the symbols in,
  // so a resumed run, whose size estimates may order them otherwise, matches its trials.
  optimizer::Candidate sorted = mutations;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.symbol < b.symbol; });
  nlohmann::json array = nlohmann::json::array();
  for (const auto& m : sorted)
    array.push_back({{"symbol", m.symbol}, {"value", m.value}});
  return array.dump();
}

void RunRecorder::on_trial(const optimizer::Trial& trial) {
  optimizer::BudgetUse used = engine_.budget_used();
  runs_.add_trial(run_id_, {engine_.best().hash, mutations_json(trial.mutations), trial.hash,
                            optimizer::to_string(trial.outcome.verdict), trial.accepted,
                            trial.outcome.computed, trial.outcome.bytes, int64_t(used.builds),
                            double(used.time.count())});
  save_budget_use(runs_, run_id_, engine_);
}

void save_budget_use(storage::RunStore& runs, int64_t run_id, const optimizer::Engine& engine) {
  optimizer::BudgetUse used = engine.budget_used();
  runs.set_spent(run_id, int64_t(used.builds), int64_t(used.time.count()));
}

void RunRecorder::on_accept(const optimizer::Acceptance& acceptance) {
  optimizer::BudgetUse used = engine_.budget_used();
  runs_.add_best_point(run_id_,
                       {++seq_, acceptance.bytes_after, acceptance.hash, int64_t(used.builds),
                        double(used.time.count()), mutations_json(acceptance.mutations)});
  runs_.set_best(run_id_, acceptance.hash, acceptance.bytes_after);
}

ProgressPrinter::ProgressPrinter(FILE* out, uint64_t start_bytes)
    : out_(out), terminal_(::isatty(::fileno(out)) == 1), start_bytes_(start_bytes),
      best_bytes_(start_bytes) {}

void ProgressPrinter::print(const std::string& event) {
  double hours = clock_.seconds() / 3600.0;
  char line[512];
  std::snprintf(line, sizeof line,
                "trials %zu (builds %zu, failed %zu) | best %s, %s saved, %zu steps | "
                "%.0f builds/h | %s | %s",
                trials_, builds_, failed_, util::bytes_text(best_bytes_).c_str(),
                util::saved_text(start_bytes_, best_bytes_).c_str(), accepted_,
                hours > 0 ? double(builds_) / hours : 0.0, eta().c_str(), event.c_str());
  if (terminal_)
    std::fprintf(out_, "\r\033[K%s", line);
  else
    std::fprintf(out_, "kshrink: %s\n", line);
  std::fflush(out_);
}

std::string ProgressPrinter::eta() const {
  std::string text = phase_.name + " " + std::to_string(phase_trials_) + "/" +
                     std::to_string(std::max(phase_.planned, phase_trials_));
  if (trials_ == 0 || phase_trials_ >= phase_.planned) return text;
  // Seconds per trial so far (cache hits included) times the trials the phase has left.
  long left = long(clock_.seconds() / double(trials_) * double(phase_.planned - phase_trials_));
  char eta[32];
  if (left >= 3600)
    std::snprintf(eta, sizeof eta, ", ETA %ldh%02ldm", left / 3600, left / 60 % 60);
  else
    std::snprintf(eta, sizeof eta, ", ETA %ldm%02lds", left / 60, left % 60);
  return text + eta;
}

void ProgressPrinter::on_phase(const optimizer::Phase& phase) {
  phase_ = phase;
  phase_trials_ = 0;
  if (!terminal_)
    std::fprintf(out_, "kshrink: phase: %s (about %zu candidates)\n", phase.name.c_str(),
                 phase.planned);
}

void ProgressPrinter::on_trial(const optimizer::Trial& trial) {
  ++trials_;
  ++phase_trials_;
  builds_ += trial.outcome.computed;
  optimizer::Verdict v = trial.outcome.verdict;
  failed_ += optimizer::meaning(v).failed;
  std::string what = trial.mutations.size() == 1
                         ? optimizer::describe(trial.mutations[0])
                         : std::to_string(trial.mutations.size()) + " symbols";
  print(std::string(optimizer::to_string(v)) + ": " + what);
}

void ProgressPrinter::on_accept(const optimizer::Acceptance& acceptance) {
  best_bytes_ = acceptance.bytes_after;
  ++accepted_;
}

void ProgressPrinter::finish() {
  if (terminal_) std::fprintf(out_, "\n");
}

} // namespace kshrink::run
