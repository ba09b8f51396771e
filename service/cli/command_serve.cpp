// `kshrink serve`: the daemon. Owns the database and the run queue, serves the HTTP API,
// /metrics and the page, tells systemd when it is ready, and on SIGTERM stops its runs
// (they resume at the next start) before it exits.
#include "service/cli/commands.h"

#include "service/api/api.h"
#include "service/api/http_server.h"
#include "service/daemon/daemon_config.h"
#include "service/daemon/run_manager.h"
#include "service/daemon/systemd_notify.h"
#include "service/metrics/metrics.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/work_dir.h"

#include <sys/prctl.h>
#include <sys/stat.h>

#include <memory>
#include <thread>

namespace fs = std::filesystem;

namespace kshrink::service::cli {
namespace {

struct ServeOptions {
  std::string config_file;
  std::string listen;
};

void serve(const ServeOptions& options) {
  // Whatever umask it was started with, nothing the daemon and its runs write (the database, the
  // runs' logs and configs) is writable by its group or open to others.
  ::umask(::umask(0) | S_IWGRP | S_IRWXO);
  daemon::DaemonConfig config = daemon::load_daemon_config(options.config_file);
  if (!options.listen.empty()) config.listen = options.listen;
  daemon::check_daemon_config(config);
  auto [host, port] = daemon::split_listen(config.listen);
  util::WorkDir workdir = util::WorkDir::resolve(config.workdir);
  fs::path database = config.database.empty() ? workdir.database() : fs::absolute(config.database);
  fs::create_directories(database.parent_path());

  // Orphans of a run's builds are re-parented here, not to init, so none escapes a stop.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  storage::Database api_db(database); // also creates or migrates the schema first
  daemon::RunManager manager({.database = database,
                              .binary = fs::read_symlink("/proc/self/exe"),
                              .concurrent_runs = config.concurrent_runs});
  storage::Database metrics_db(database);
  metrics::Metrics metrics(
      metrics_db, [&manager] { return manager.busy_builders(); }, workdir.ccache());
  storage::RunStore runs(api_db);
  storage::VerdictStore verdicts(api_db);
  api::ApiContext context{
      .runs = runs,
      .verdicts = verdicts,
      .control = manager,
      .runs_dir = util::WorkDir::runs_dir(database),
      .run_defaults = {{"workdir", workdir.root().string()},
                       {"db", database.string()},
                       {"workers", config.workers},
                       {"jobs", config.jobs},
                       {"ccache_max_size", config.ccache_size},
                       {"distcc_hosts", config.distcc_hosts}},
      .token = config.token,
      .allowed_roots = {config.allowed_roots.begin(), config.allowed_roots.end()},
      .metrics = [&metrics] { return metrics.scrape(); }};
  api::HttpServer server(host, port, [&context](const api::HttpRequest& request) {
    return api::handle(request, context);
  });
  manager.start();
  server.start();
  util::note("serving on http://" + host + ":" + std::to_string(server.port()) + " (database " +
             database.string() + ")");
  daemon::notify_systemd("READY=1\nSTATUS=serving on " + host + ":" +
                         std::to_string(server.port()));
  while (!util::interrupted())
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  daemon::notify_systemd("STOPPING=1");
  util::note("stopping: running runs are interrupted and will resume at the next start");
  server.stop();
  manager.shutdown();
  util::note("stopped");
}

} // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand("serve", "Run the daemon: run queue, HTTP API, metrics");
  command->add_option("--config", options->config_file, "TOML config (see deploy/kshrink.toml)");
  command->add_option("--listen", options->listen, "HOST:PORT (default 127.0.0.1:8680)");
  command->callback([options] { serve(*options); });
}

} // namespace kshrink::service::cli
