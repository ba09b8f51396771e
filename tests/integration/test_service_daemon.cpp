// End-to-end test of `kshrink serve` with real runs on the real tree: submit a small run through
// the CLI client, watch its live state (in the API, in `kshrink status --watch` under tmux, on
// the page in headless Chromium), fetch its best config, diff and report; a real Prometheus
// server scrapes /metrics and its query API returns the kshrink series; the page charts the
// finished run; a second run is cancelled with its builds killed; bad requests over the socket
// get their status codes while the daemon keeps serving; SIGTERM stops the daemon with a
// running run marked interrupted, and a restarted daemon resumes it; kill -9 of that daemon
// leaves no run, build or QEMU behind, and the next daemon resumes the run again. Screenshots of
// the page are kept in the build directory's test-artifacts/ for people to look at.
#include "storage/run_store.h"
#include "tests/integration/daemon_support.h"
#include "tests/integration/real_tree.h"
#include "util/run_files.h"
#include "util/work_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace kshrink;
using namespace std::chrono_literals;
using test::Background;
using test::Daemon;
using test::free_port;

namespace {

/// A port nothing listens on right now (bound, read, released).
std::string render_page(const Daemon& daemon, int64_t run, const fs::path& dir,
                        const fs::path& png) {
  auto chromium = [&](const std::string& mode, const fs::path& output) {
    auto result = util::system_runner().run(
        {.program = "chromium",
         .args = {"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--user-data-dir=" + (dir / "chromium").string(), "--virtual-time-budget=10000",
                  "--window-size=1300,1000", mode,
                  daemon.server.url + "/?run=" + std::to_string(run)},
         .output = output,
         .error_output = dir / "chromium.log",
         .timeout = 120s});
    REQUIRE_MESSAGE(result.ok(), util::read_file(dir / "chromium.log"));
  };
  fs::create_directories(png.parent_path());
  chromium("--screenshot=" + png.string(), dir / "screenshot.out");
  chromium("--dump-dom", dir / "dom.html");
  return util::read_file(dir / "dom.html");
}

/// Checks that the page drew chart `axis` ("builds" or "seconds") with at least `points` trial
/// points and with tick labels on both axes, sizes in KiB or MiB.
void check_chart(const std::string& dom, const std::string& axis, int points) {
  std::smatch canvas;
  REQUIRE_MESSAGE(
      std::regex_search(dom, canvas, std::regex("<canvas[^>]*id=\"chart-" + axis + "\"[^>]*>")),
      dom);
  std::string tag = canvas.str();
  std::smatch drawn;
  REQUIRE_MESSAGE(std::regex_search(tag, drawn, std::regex("data-points=\"([0-9]+)\"")), tag);
  CHECK(std::stoi(drawn[1]) >= points);
  CHECK_MESSAGE(std::regex_search(tag, std::regex("data-y-ticks=\"[^\"]*[0-9] [KM]iB \\|")), tag);
  CHECK_MESSAGE(std::regex_search(tag, std::regex("data-x-ticks=\"0s? \\| ")), tag);
}

/// `kshrink status RUN --watch` in a detached tmux session 100 columns wide: the pane's text
/// after a few redraws.
std::string watch_in_tmux(const Daemon& daemon, int64_t run, const fs::path& dir) {
  std::string socket = (dir / "tmux.socket").string();
  auto tmux = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"-S", socket});
    return test::run_program("tmux", args);
  };
  auto started = tmux({"new-session", "-d", "-x", "100", "-y", "40",
                       std::string(KSHRINK_BINARY) + " status " + std::to_string(run) +
                           " --watch --server " + daemon.server.url});
  REQUIRE_MESSAGE(started.exit_code == 0, started.err);
  std::this_thread::sleep_for(5s);
  auto pane = tmux({"capture-pane", "-p"});
  tmux({"kill-server"});
  return pane.out;
}

bool finished(const nlohmann::json& run) {
  std::string state = run["state"];
  return state != "queued" && state != "running";
}

/// Submits a run of `config` through the CLI, one symbol per candidate, `keep` pinned.
int64_t submit(const Daemon& daemon, const fs::path& config, const std::string& keep,
               const std::string& budget) {
  auto cli = test::run_kshrink({"submit", "--server", daemon.server.url, "--config",
                                config.string(), "--checks", "boot", "--strategy", "linear",
                                "--keep", keep, "--budget", budget, "--json"});
  REQUIRE_MESSAGE(cli.exit_code == 0, cli.err);
  return nlohmann::json::parse(cli.out)["id"];
}

} // namespace

TEST_CASE("the daemon runs, reports, is scraped by Prometheus, shows its page and cancels") {
  auto dir = test::temp_dir();
  fs::path config = dir.path() / "small.config";
  test::small_bootable_config().config.save(config);
  std::string keep = test::pins_except(
      test::small_bootable_config(),
      {"BINFMT_SCRIPT", "MOUSE_PS2", "KEYBOARD_ATKBD", "LEGACY_PTYS"}); // few objects test them;
  fs::path prometheus_dir = dir.path() / "prometheus";
  fs::create_directories(prometheus_dir);

  Daemon daemon(dir.path());
  unsigned short prometheus_port = free_port();
  util::write_file_atomic(prometheus_dir / "prometheus.yml",
                          "global: {scrape_interval: 1s}\nscrape_configs:\n"
                          "  - job_name: kshrink\n    static_configs:\n"
                          "      - targets: ['127.0.0.1:" +
                              std::to_string(daemon.port) + "']\n");
  Background prometheus(
      {.program = "prometheus",
       .args = {"--config.file=" + (prometheus_dir / "prometheus.yml").string(),
                "--storage.tsdb.path=" + (prometheus_dir / "data").string(),
                "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
       .output = prometheus_dir / "log",
       .error_output = prometheus_dir / "log"});

  // A small run, end to end through the client verbs.
  int64_t first = submit(daemon, config, keep, "3builds");
  // While it runs, the run object carries its live state: the phase changes from the sanity
  // check to the search's phases, the ETA and the candidate change, the end of its log comes
  // with it. Once the search has built a candidate, the terminal view and the page show it.
  std::set<std::string> phases, candidates;
  std::set<long> etas;
  bool had_log = false;
  std::string pane, running_dom;
  fs::path artifacts = KSHRINK_TEST_ARTIFACTS;
  auto status = daemon.wait_for(
      first,
      [&](const nlohmann::json& run) {
        const auto& live = run["live"];
        if (live.is_object()) {
          phases.insert(live["phase"].get<std::string>());
          if (!live["candidate"].get<std::string>().empty())
            candidates.insert(live["candidate"].get<std::string>());
          if (live["eta_seconds"].is_number()) etas.insert(live["eta_seconds"].get<long>());
          if (pane.empty() && !run["builds"].empty()) {
            pane = watch_in_tmux(daemon, first, dir.path());
            running_dom = render_page(daemon, first, dir.path(), artifacts / "page-running.png");
          }
        }
        had_log = had_log || !run["log_tail"].get<std::string>().empty();
        return finished(run);
      },
      25min);
  REQUIRE_MESSAGE(status["state"] == "done", status.dump(2));
  CHECK(phases.contains("sanity check"));
  CHECK_MESSAGE(phases.size() >= 2, "phases seen: " << nlohmann::json(phases).dump());
  CHECK_MESSAGE(candidates.size() >= 2, "candidates seen: " << nlohmann::json(candidates).dump());
  CHECK_MESSAGE(etas.size() >= 2, "ETAs seen: " << nlohmann::json(etas).dump());
  CHECK(had_log);
  CHECK(status["live"].is_null()); // a finished run has no live state
  // The terminal view, as tmux drew it mid-run: the run, its phase and a budget bar that fits.
  REQUIRE_MESSAGE(!pane.empty(), "the search built nothing while the run was watched");
  CHECK_MESSAGE(pane.find("run " + std::to_string(first) + ": running") != std::string::npos, pane);
  CHECK_MESSAGE(pane.find("phase:") != std::string::npos, pane);
  std::smatch bar;
  CHECK_MESSAGE(std::regex_search(pane, bar, std::regex("budget: +\\[[#-]+\\] +[0-9]+%")), pane);
  std::istringstream pane_lines(pane);
  for (std::string line; std::getline(pane_lines, line);)
    CHECK_MESSAGE(line.size() <= 100, line);
  // The page mid-run: the live phase, and the charts with the trial built so far.
  CHECK_MESSAGE(running_dom.find("phase: </b>") != std::string::npos, running_dom);
  check_chart(running_dom, "builds", 1);
  check_chart(running_dom, "seconds", 1);
  auto frame = test::run_kshrink(
      {"status", std::to_string(first), "--watch", "--server", daemon.server.url});
  CHECK(frame.exit_code == 0); // returns at once: the run has ended
  CHECK(frame.out.find("run " + std::to_string(first) + ": done") != std::string::npos);
  CHECK(status["best_bytes"].get<uint64_t>() <= status["start_bytes"].get<uint64_t>());
  auto runs = test::run_kshrink({"runs", "--server", daemon.server.url});
  CHECK(runs.exit_code == 0);
  CHECK(runs.out.find("done") != std::string::npos);
  auto best = test::run_kshrink({"best", std::to_string(first), "--server", daemon.server.url, "-o",
                                 (dir.path() / "best.config").string()});
  REQUIRE_MESSAGE(best.exit_code == 0, best.err);
  CHECK(util::read_file(dir.path() / "best.config").find("CONFIG_64BIT=y") != std::string::npos);
  auto defconfig = test::run_kshrink(
      {"best", std::to_string(first), "--format", "defconfig", "--server", daemon.server.url});
  CHECK(defconfig.exit_code == 0);
  // diff and fragment: what the tree's scripts/diffconfig prints for the run's saved start
  // config and its best config, plain and -m.
  fs::path diffconfig = test::tools_61().tree().source / "scripts" / "diffconfig";
  std::string start_config =
      util::RunFiles(dir.path() / "runs" / std::to_string(first)).start_config().string();
  auto expected = test::run_program(
      "python3", {diffconfig.string(), start_config, (dir.path() / "best.config").string()});
  REQUIRE_MESSAGE(expected.exit_code == 0, expected.err);
  auto diff = test::run_kshrink({"diff", std::to_string(first), "--server", daemon.server.url});
  CHECK(diff.exit_code == 0);
  CHECK(!diff.out.empty());
  CHECK(diff.out == expected.out);
  auto merge_style = test::run_program(
      "python3", {diffconfig.string(), "-m", start_config, (dir.path() / "best.config").string()});
  auto fragment = test::run_kshrink(
      {"best", std::to_string(first), "--format", "fragment", "--server", daemon.server.url});
  CHECK(fragment.exit_code == 0);
  CHECK(fragment.out.ends_with(merge_style.out)); // after its two header comment lines
  CHECK(std::count(fragment.out.begin(), fragment.out.end(), '\n') ==
        std::count(merge_style.out.begin(), merge_style.out.end(), '\n') + 2);

  auto report = test::run_kshrink({"report", std::to_string(first), "--server", daemon.server.url});
  CHECK(report.exit_code == 0);
  CHECK(report.out.find("start:") != std::string::npos);

  // Prometheus scraped the daemon: its query API has the kshrink series.
  service::client::ServerAddress prometheus_server{"http://127.0.0.1:" +
                                                   std::to_string(prometheus_port)};
  nlohmann::json series;
  for (int i = 0; i < 60 && series.empty(); ++i) {
    std::this_thread::sleep_for(1s);
    auto response =
        service::client::send(prometheus_server, "GET", "/api/v1/query?query=kshrink_builds_total");
    if (response.status != 200) continue;
    series = nlohmann::json::parse(response.body)["data"]["result"];
  }
  REQUIRE_MESSAGE(!series.empty(), prometheus.error_output());
  double builds = 0;
  for (const auto& s : series)
    builds += std::stod(s["value"][1].get<std::string>());
  CHECK(builds >= 1);
  auto histogram = service::client::send(
      prometheus_server, "GET", "/api/v1/query?query=kshrink_build_duration_seconds_count");
  CHECK(nlohmann::json::parse(histogram.body)["data"]["result"].size() == 1);

  // The page of the finished run: both charts with every built trial, and the removals.
  std::string dom = render_page(daemon, first, dir.path(), artifacts / "page-finished.png");
  check_chart(dom, "builds", 3);
  check_chart(dom, "seconds", 3);
  CHECK(dom.find("id=\"removals\"") != std::string::npos);
  CHECK(dom.find(">done<") != std::string::npos);

  // Bad requests over the socket: each its status and message, and the daemon keeps serving.
  using service::client::send;
  CHECK(send(daemon.server, "POST", "/api/runs", "{\"checks\": ").status == 400);
  CHECK(send(daemon.server, "POST", "/api/runs", std::string(200 * 1024, ' ')).status == 413);
  CHECK(send(daemon.server, "POST", "/api/runs", "{\"workers\": \"many\"}").status == 400);
  CHECK(send(daemon.server, "GET", "/api/runs/4242").status == 404);
  CHECK(send(daemon.server, "GET", "/api/runs/..%2F..%2Fetc%2Fpasswd").status == 400);
  CHECK(send(daemon.server, "GET", "/healthz").status == 200);

  // A second run, cancelled while it builds: its builds are killed, its state is cancelled.
  int64_t second = submit(daemon, config, "", "50builds"); // nothing pinned: a long run
  daemon.wait_for(
      second, [](const auto& run) { return run["state"] != "queued"; }, 2min);
  std::this_thread::sleep_for(15s);
  auto cancel =
      test::run_kshrink({"cancel", std::to_string(second), "--server", daemon.server.url});
  CHECK_MESSAGE(cancel.exit_code == 0, cancel.err);
  auto cancelled = daemon.wait_for(second, finished, 3min);
  CHECK(cancelled["state"] == "cancelled");
  CHECK(test::no_process_mentions(
      util::WorkDir(test::shared_workdir()).builders(test::tools_61().tree().key)));
  CHECK(test::live_processes_mentioning("qemu-system").empty());

  // SIGTERM with a run in progress: the daemon stops cleanly, the run is interrupted, and a
  // new daemon on the same database resumes it.
  int64_t third = submit(daemon, config, "", "50builds");
  daemon.wait_for(
      third, [](const auto& run) { return run["state"] == "running"; }, 2min);
  std::this_thread::sleep_for(10s);
  daemon.process.stop(); // SIGTERM (reported as a cancel: the exit status is not kept)
  CHECK(daemon.process.error_output().find("kshrink: stopped") != std::string::npos);
  CHECK(test::no_process_mentions(
      util::WorkDir(test::shared_workdir()).builders(test::tools_61().tree().key)));
  {
    storage::Database db(dir.path() / "kshrink.db");
    CHECK(storage::RunStore(db).get(third)->state == storage::RunState::interrupted);
  }
  Daemon restarted(dir.path());
  auto resumed = restarted.wait_for(
      third, [](const auto& run) { return run["state"] == "running"; }, 1min);
  CHECK(resumed["state"] == "running");

  // kill -9 of the daemon while the resumed run builds: the run gets SIGTERM as its daemon
  // dies, stops its builds and ends interrupted (it does not run on beside the next daemon's
  // copy), and the next daemon resumes it.
  std::this_thread::sleep_for(10s);
  auto daemon_pids = test::live_processes_mentioning("127.0.0.1:" + std::to_string(restarted.port));
  REQUIRE(daemon_pids.size() == 1);
  ::kill(daemon_pids[0], SIGKILL);
  restarted.process.stop(); // reaps it
  std::string database = (dir.path() / "kshrink.db").string();
  auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until &&
         !test::live_processes_mentioning(database).empty())
    std::this_thread::sleep_for(500ms);
  CHECK(test::live_processes_mentioning(database).empty()); // the run process is gone
  CHECK(test::no_process_mentions(
      util::WorkDir(test::shared_workdir()).builders(test::tools_61().tree().key)));
  CHECK(test::live_processes_mentioning("qemu-system").empty());
  {
    storage::Database db(dir.path() / "kshrink.db");
    CHECK(storage::RunStore(db).get(third)->state == storage::RunState::interrupted);
    CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  Daemon after_kill(dir.path());
  CHECK(after_kill.wait_for(
            third, [](const auto& run) { return run["state"] == "running"; }, 1min)["state"] ==
        "running");
  CHECK(test::run_kshrink({"cancel", std::to_string(third), "--server", after_kill.server.url})
            .exit_code == 0);
  CHECK(after_kill.wait_for(third, finished, 3min)["state"] == "cancelled");
}
