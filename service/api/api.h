// The HTTP API's routes as one pure function from request to response: runs (submit, list,
// status, trials, best config, start-to-best diff, report, cancel, resume), /metrics, /healthz, the
// page and its charting library.
// Handlers read the database and call RunControl; they never touch sockets or processes.
#pragma once

#include "run/run_settings.h"
#include "service/api/http_message.h"
#include "storage/run_store.h"
#include "storage/verdict_store.h"

#include <filesystem>
#include <functional>

namespace kshrink::service::api {

/// What the API asks of whoever runs the runs (the daemon's RunManager).
class RunControl {
public:
  virtual ~RunControl() = default;
  /// Queues a run with checked settings; returns its id.
  virtual int64_t submit(const run::RunSettings& settings) = 0;
  /// Stops a queued or running run (its builds and boots killed); false if it is neither.
  virtual bool cancel(int64_t id) = 0;
  /// Queues a paused or interrupted run again; false if it is neither (or still ending).
  virtual bool resume(int64_t id) = 0;
};

/// Everything the handlers use.
struct ApiContext {
  storage::RunStore& runs;
  storage::VerdictStore& verdicts;
  RunControl& control;
  std::filesystem::path runs_dir;       ///< the runs' directories (util::RunFiles)
  nlohmann::json run_defaults;          ///< the daemon's settings, under each submission
  std::string token;                    ///< when set, /api/ and /metrics need "Bearer TOKEN"
  std::vector<std::filesystem::path> allowed_roots; ///< where submitted files may be
  std::function<std::string()> metrics; ///< the /metrics text
};

/// Largest request body the server reads (bigger ones get 413 before a handler runs).
constexpr size_t max_request_body = 64 * 1024;
/// Lines of a run's log that GET /api/runs/N carries (log_tail).
constexpr size_t log_tail_lines = 10;
/// The most runs one GET /api/runs returns (and its default): older ones come page by page.
constexpr int64_t runs_page_limit = 100;

/// Answers one request.
HttpResponse handle(const HttpRequest& request, ApiContext& context);

/// A run as the API shows it.
nlohmann::json run_json(const storage::RunRecord& run);

} // namespace kshrink::service::api
