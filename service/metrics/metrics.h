// Metrics: the Prometheus series kshrink serves at /metrics, each declared once here with its
// help text. Builds and boots are counted from the verdicts the runs store (so they count
// whatever process ran the build); run and queue gauges come from the database at scrape
// time; labels are bounded (verdicts, active runs).
#pragma once

#include "storage/database.h"
#include "storage/run_store.h"
#include "storage/verdict_store.h"
#include "util/subprocess.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace kshrink::service::metrics {

/// The daemon's metrics; scrape() is safe from several threads.
class Metrics {
public:
  /// `busy_builders` reports builder workers owned by running runs; `ccache_dir` is the
  /// shared ccache whose hit ratio is reported (asked of `ccache` run with `runner`).
  Metrics(storage::Database& database, std::function<int()> busy_builders,
          std::filesystem::path ccache_dir, util::CommandRunner& runner = util::system_runner());

  /// Brings every series up to date and returns the text exposition format.
  std::string scrape();

private:
  void count_new_verdicts();
  void update_runs();
  void update_ccache();

  storage::RunStore runs_;
  storage::VerdictStore verdicts_;
  std::function<int()> busy_builders_;
  std::filesystem::path ccache_dir_;
  util::CommandRunner& runner_;
  std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& builds_;
  prometheus::Family<prometheus::Counter>& boots_;
  prometheus::Histogram& build_seconds_;
  prometheus::Histogram& boot_seconds_;
  prometheus::Family<prometheus::Gauge>& best_bytes_;
  prometheus::Gauge& queue_depth_;
  prometheus::Gauge& builders_busy_;
  prometheus::Gauge& ccache_hit_ratio_;
  prometheus::Family<prometheus::Gauge>& runs_by_state_;
  std::map<int64_t, prometheus::Gauge*> best_by_run_;
  int64_t last_verdict_ = 0;
  double ccache_checked_at_ = -1e9;
  std::mutex mutex_;
};

/// The build verdict and, if it booted, the boot verdict of a stored verdict.
struct VerdictParts {
  std::string build; ///< ok, build_failed, timeout, infra_error
  std::string boot;  ///< pass, boot_failed, timeout; empty: not booted
};
VerdictParts split_verdict(const storage::StoredVerdict& verdict);

} // namespace kshrink::service::metrics
