// The live state file of a running run.
#include "run/live_state.h"

#include "optimizer/mutation.h"
#include "util/files.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>

namespace kshrink::run {
namespace {

/// What a candidate changes, for people: "MODULES" or "12 symbols: A B C ...".
std::string candidate_text(const optimizer::Candidate& candidate) {
  if (candidate.size() == 1) return optimizer::describe(candidate[0]);
  std::string text = std::to_string(candidate.size()) + " symbols:";
  constexpr size_t shown = 8;
  for (size_t i = 0; i < std::min(candidate.size(), shown); ++i)
    text += " " + optimizer::describe(candidate[i]);
  return candidate.size() > shown ? text + " ..." : text;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

} // namespace

std::optional<double> seconds_to_budget_end(const optimizer::EngineSettings& budget,
                                            const optimizer::BudgetUse& used) {
  std::optional<double> left;
  if (budget.max_time)
    left = std::max(0.0, double(budget.max_time->count()) - double(used.time.count()));
  if (budget.max_builds && used.builds > 0 && used.time.count() > 0) {
    double per_build = double(used.time.count()) / double(used.builds);
    double builds_left = double(*budget.max_builds) - double(used.builds);
    double by_builds = std::max(0.0, builds_left * per_build);
    left = left ? std::min(*left, by_builds) : by_builds;
  }
  return left;
}

LiveStateWriter::LiveStateWriter(std::filesystem::path file,
                                 const optimizer::EngineSettings& budget)
    : file_(std::move(file)), budget_(budget) {}

void LiveStateWriter::step(const std::string& name) {
  std::lock_guard lock(mutex_);
  phase_ = name;
  position_ = planned_ = 0;
  candidate_.clear();
  write(true);
}

void LiveStateWriter::on_phase(const optimizer::Phase& phase) {
  std::lock_guard lock(mutex_);
  phase_ = phase.name;
  position_ = 0;
  planned_ = phase.planned;
  write(true);
}

void LiveStateWriter::on_candidate(const optimizer::Candidate& candidate) {
  std::lock_guard lock(mutex_);
  candidate_ = candidate_text(candidate);
  write(false);
}

void LiveStateWriter::on_trial(const optimizer::Trial& trial) {
  std::lock_guard lock(mutex_);
  ++trials_;
  ++position_;
  last_verdict_ = std::string(optimizer::to_string(trial.outcome.verdict)) + ": " +
                  candidate_text(trial.mutations);
  write(false);
}

void LiveStateWriter::on_accept(const optimizer::Acceptance& acceptance) {
  std::lock_guard lock(mutex_);
  ++accepted_;
  best_bytes_ = acceptance.bytes_after;
  write(true);
}

void LiveStateWriter::write(bool now) {
  auto since = std::chrono::steady_clock::now() - last_write_;
  if (!now && since < std::chrono::seconds(1)) return;
  last_write_ = std::chrono::steady_clock::now();
  nlohmann::json eta = nullptr;
  if (engine_)
    if (auto left = seconds_to_budget_end(budget_, engine_->budget_used())) eta = *left;
  nlohmann::json state = {{"phase", phase_},
                          {"position", position_},
                          {"planned", std::max(planned_, position_)},
                          {"elapsed_seconds", clock_.seconds()},
                          {"eta_seconds", eta},
                          {"candidate", candidate_},
                          {"last_trial", last_verdict_},
                          {"trials", trials_},
                          {"accepted", accepted_},
                          {"best_bytes", best_bytes_},
                          {"updated_at", utc_now()}};
  try {
    util::write_file_atomic(file_, state.dump());
  } catch (const std::exception&) {
    // The live state is for watching: a full disk must not stop the run, whose verdicts the
    // database holds.
  }
}

} // namespace kshrink::run
