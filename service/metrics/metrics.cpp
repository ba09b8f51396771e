// Metric declarations and their update from the database, the run manager and ccache.
#include "service/metrics/metrics.h"

#include "optimizer/verdict.h"
#include "util/files.h"
#include "util/subprocess.h"

#include <prometheus/text_serializer.h>

#include <chrono>
#include <limits>
#include <sstream>

namespace kshrink::service::metrics {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

VerdictParts split_verdict(const storage::StoredVerdict& v) {
  auto verdict = optimizer::verdict_named(v.verdict);
  if (!verdict) return {"infra_error", ""}; // no stored verdict has another name
  if (!optimizer::meaning(*verdict).booted) return {v.verdict, ""};
  return {"ok", v.verdict};
}

Metrics::Metrics(storage::Database& database, std::function<int()> busy_builders,
                 std::filesystem::path ccache_dir, util::CommandRunner& runner)
    : runs_(database), verdicts_(database), busy_builders_(std::move(busy_builders)),
      ccache_dir_(std::move(ccache_dir)), runner_(runner),
      builds_(prometheus::BuildCounter()
                  .Name("kshrink_builds_total")
                  .Help("Candidate kernel builds finished, by verdict (ok, build_failed, "
                        "build_timeout, infra_error)")
                  .Register(*registry_)),
      boots_(prometheus::BuildCounter()
                 .Name("kshrink_boots_total")
                 .Help("Candidate kernels booted and checked, by verdict (pass, boot_failed, "
                       "boot_timeout)")
                 .Register(*registry_)),
      build_seconds_(
          prometheus::BuildHistogram()
              .Name("kshrink_build_duration_seconds")
              .Help("Wall time of one candidate build")
              .Register(*registry_)
              .Add({}, prometheus::Histogram::BucketBoundaries{5, 15, 30, 60, 120, 240, 480, 960,
                                                               1920, 3840, 7680, 15360})),
      boot_seconds_(prometheus::BuildHistogram()
                        .Name("kshrink_boot_duration_seconds")
                        .Help("Wall time of one boot and its checks")
                        .Register(*registry_)
                        .Add({}, prometheus::Histogram::BucketBoundaries{0.5, 1, 2, 3, 5, 8, 13, 30,
                                                                         60, 120})),
      best_bytes_(prometheus::BuildGauge()
                      .Name("kshrink_best_bytes")
                      .Help("Objective bytes of the best passing config of each running run")
                      .Register(*registry_)),
      queue_depth_(prometheus::BuildGauge()
                       .Name("kshrink_queue_depth")
                       .Help("Runs waiting for their turn")
                       .Register(*registry_)
                       .Add({})),
      builders_busy_(prometheus::BuildGauge()
                         .Name("kshrink_builders_busy")
                         .Help("Builder workers owned by running runs")
                         .Register(*registry_)
                         .Add({})),
      ccache_hit_ratio_(prometheus::BuildGauge()
                            .Name("kshrink_ccache_hit_ratio")
                            .Help("Share of compilations answered by the shared ccache; NaN "
                                  "while unknown (no compilation yet, or ccache unreadable)")
                            .Register(*registry_)
                            .Add({}, std::numeric_limits<double>::quiet_NaN())),
      runs_by_state_(prometheus::BuildGauge()
                         .Name("kshrink_runs")
                         .Help("Runs in the database, by state")
                         .Register(*registry_)) {
  // Counters count from the daemon's start, as Prometheus counters do.
  last_verdict_ = verdicts_.last_id();
  for (const char* verdict : {"ok", "build_failed", "build_timeout", "infra_error"})
    builds_.Add({{"verdict", verdict}});
  for (const char* verdict : {"pass", "boot_failed", "boot_timeout"})
    boots_.Add({{"verdict", verdict}});
}

void Metrics::count_new_verdicts() {
  for (const auto& verdict : verdicts_.since(last_verdict_)) {
    VerdictParts parts = split_verdict(verdict);
    builds_.Add({{"verdict", parts.build}}).Increment();
    build_seconds_.Observe(verdict.build_seconds);
    if (parts.boot.empty()) continue;
    boots_.Add({{"verdict", parts.boot}}).Increment();
    boot_seconds_.Observe(verdict.boot_seconds);
  }
}

void Metrics::update_runs() {
  using storage::RunState;
  std::map<RunState, size_t> by_state = runs_.count_by_state(); // not every run at each scrape
  std::map<int64_t, uint64_t> running;
  for (const auto& run : runs_.records_with_state(RunState::running))
    if (run.best_bytes) running[run.id] = run.best_bytes;
  for (RunState state : storage::all_run_states)
    runs_by_state_.Add({{"state", to_string(state)}}).Set(by_state[state]);
  queue_depth_.Set(by_state[RunState::queued]);
  for (auto it = best_by_run_.begin(); it != best_by_run_.end();) {
    if (running.contains(it->first)) {
      ++it;
      continue;
    }
    best_bytes_.Remove(it->second); // the label goes with the run: bounded by active runs
    it = best_by_run_.erase(it);
  }
  for (const auto& [id, bytes] : running) {
    auto& gauge = best_by_run_[id];
    if (!gauge) gauge = &best_bytes_.Add({{"run", std::to_string(id)}});
    gauge->Set(double(bytes));
  }
  builders_busy_.Set(busy_builders_ ? busy_builders_() : 0);
}

void Metrics::update_ccache() {
  if (now_seconds() - ccache_checked_at_ < 30) return; // ccache is a process: not every scrape
  ccache_checked_at_ = now_seconds();
  util::ScratchDir scratch(std::filesystem::temp_directory_path(), "kshrink-ccache-");
  auto result = runner_.run({.program = "ccache",
                             .args = {"--print-stats"},
                             .env = {{"CCACHE_DIR", ccache_dir_.string()}},
                             .output = scratch.path() / "stats",
                             .error_output = scratch.path() / "err",
                             .timeout = std::chrono::seconds(10)});
  constexpr double unknown = std::numeric_limits<double>::quiet_NaN(); // not a 0% hit ratio
  if (!result.ok()) return ccache_hit_ratio_.Set(unknown);
  std::map<std::string, double> stats;
  std::istringstream in(util::read_file(scratch.path() / "stats"));
  std::string key;
  double value;
  while (in >> key >> value)
    stats[key] = value;
  double hits = stats["direct_cache_hit"] + stats["preprocessed_cache_hit"];
  double total = hits + stats["cache_miss"];
  ccache_hit_ratio_.Set(total > 0 ? hits / total : unknown);
}

std::string Metrics::scrape() {
  std::lock_guard lock(mutex_);
  count_new_verdicts();
  update_runs();
  update_ccache();
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

} // namespace kshrink::service::metrics
