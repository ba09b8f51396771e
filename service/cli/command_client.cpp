// The client verbs: `submit`, `runs`, `status`, `best`, `diff`, `report`, `cancel`, each one
// request to `kshrink serve` (--server, default loopback), printed for a person or as JSON.
#include "service/cli/commands.h"

#include "optimizer/mutation.h"
#include "service/cli/run_options.h"
#include "service/cli/status_view.h"
#include "service/client/api_client.h"
#include "util/error.h"
#include "util/files.h"
#include "util/human_units.h"
#include "util/interrupt.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include <sys/ioctl.h>
#include <unistd.h>

namespace kshrink::service::cli {
namespace {

struct ClientOptions {
  client::ServerAddress server;
  bool json = false;
  bool watch = false; ///< `status`: redraw until the run ends
  int64_t run = 0;
  int64_t before = 0; ///< `runs`: older than this run (0: from the newest)
  std::string format = "config";
  std::string output;
  run::RunSettings settings;
  std::vector<CLI::Option*> settings_options;
};

std::shared_ptr<ClientOptions> client_options() {
  auto options = std::make_shared<ClientOptions>();
  if (const char* url = std::getenv("KSHRINK_SERVER")) options->server.url = url;
  if (const char* token = std::getenv("KSHRINK_TOKEN")) options->server.token = token;
  return options;
}

CLI::App* client_command(CLI::App& app, const std::string& name, const std::string& help,
                         ClientOptions& options, bool takes_run, bool has_json) {
  CLI::App* command = app.add_subcommand(name, help);
  command->add_option("--server", options.server.url, "daemon URL ($KSHRINK_SERVER)")
      ->capture_default_str();
  command->add_option("--token", options.server.token, "bearer token ($KSHRINK_TOKEN)");
  if (takes_run) command->add_option("run", options.run, "run id")->required();
  if (has_json) command->add_flag("--json", options.json, "print the server's JSON");
  return command;
}

std::string path_of(int64_t run, const std::string& action = "") {
  return "/api/runs/" + std::to_string(run) + (action.empty() ? "" : "/" + action);
}

void print_runs(const nlohmann::json& runs) {
  std::printf("%-6s %-12s %-28s %10s %10s %7s  %s\n", "RUN", "STATE", "CHECKS", "START", "BEST",
              "SAVED", "UPDATED");
  for (const auto& run : runs)
    std::printf("%-6lld %-12s %-28s %10s %10s %7s  %s\n", (long long)run["id"].get<int64_t>(),
                run["state"].get<std::string>().c_str(),
                run["checks"].get<std::string>().substr(0, 28).c_str(),
                util::bytes_text(run["start_bytes"]).c_str(),
                util::bytes_text(run["best_bytes"]).c_str(),
                util::saved_text(run["start_bytes"], run["best_bytes"]).c_str(),
                run["updated_at"].get<std::string>().c_str());
}

/// The terminal's width in columns (80 when it is not a terminal or does not say).
size_t terminal_width() {
  struct winsize size {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) return size.ws_col;
  return 80;
}

/// `kshrink status RUN --watch`: the status frame redrawn every `period` until the run ends
/// (or the user stops watching). On a terminal each frame replaces the last; otherwise a
/// frame is printed when it changes.
void watch_status(const ClientOptions& o, std::chrono::seconds period) {
  bool terminal = ::isatty(STDOUT_FILENO) == 1;
  std::string last;
  while (!util::interrupted()) {
    auto run = nlohmann::json::parse(client::send_ok(o.server, "GET", path_of(o.run)).body);
    std::string frame = status_frame(run, terminal_width());
    if (terminal)
      std::cout << "\033[H\033[2J" << frame << std::flush;
    else if (frame != last)
      std::cout << frame << "\n" << std::flush;
    last = frame;
    std::string state = run["state"];
    if (state != "running" && state != "queued") return;
    for (auto waited = std::chrono::milliseconds(0); waited < period && !util::interrupted();
         waited += std::chrono::milliseconds(100))
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

} // namespace

void add_client_commands(CLI::App& app) {
  auto submit = client_options();
  CLI::App* command = client_command(app, "submit", "Queue a run on the daemon (flags as for run)",
                                     *submit, false, true);
  submit->settings_options = add_run_settings_options(command, submit->settings, false);
  command->callback([o = submit] {
    make_paths_absolute(o->settings);
    auto body = given_settings(o->settings, o->settings_options);
    auto response = client::send_ok(o->server, "POST", "/api/runs", body.dump());
    auto json = nlohmann::json::parse(response.body);
    if (o->json)
      std::cout << json.dump(2) << "\n";
    else
      std::cout << "run " << json["id"] << " queued\n";
  });

  auto runs = client_options();
  CLI::App* runs_command = client_command(
      app, "runs", "List the daemon's runs, newest first, a page at a time", *runs, false, true);
  runs_command->add_option("--before", runs->before, "only runs older than this run");
  runs_command->callback([o = runs] {
    std::string target = "/api/runs" + (o->before ? "?before=" + std::to_string(o->before) : "");
    auto json = nlohmann::json::parse(client::send_ok(o->server, "GET", target).body);
    if (o->json) {
      std::cout << json["runs"].dump(2) << "\n";
      return;
    }
    print_runs(json["runs"]);
    if (!json["next"].is_null())
      std::cout << "older runs: kshrink runs --before " << json["next"] << "\n";
  });

  auto status = client_options();
  CLI::App* status_command = client_command(
      app, "status", "One run's state, size, builds, phase, ETA and the end of its log", *status,
      true, true);
  status_command->add_flag("--watch", status->watch,
                           "redraw every 2 s until the run ends (a budget bar that fits the "
                           "terminal)");
  status_command->callback([o = status] {
    if (o->watch && !o->json) return watch_status(*o, std::chrono::seconds(2));
    auto json = nlohmann::json::parse(client::send_ok(o->server, "GET", path_of(o->run)).body);
    if (o->json)
      std::cout << json.dump(2) << "\n";
    else
      std::cout << status_frame(json, terminal_width());
  });

  auto best = client_options();
  CLI::App* best_command =
      client_command(app, "best", "The best config of a run so far", *best, true, true);
  best_command
      ->add_option("--format", best->format,
                   "config, defconfig, fragment (changes to the start config, for "
                   "merge_config.sh); --json gives its size and hash")
      ->check(CLI::IsMember({"config", "defconfig", "fragment"}))
      ->capture_default_str();
  best_command->add_option("-o,--output", best->output, "write to FILE instead of stdout");
  best_command->callback([o = best] {
    auto response = client::send_ok(
        o->server, "GET", path_of(o->run, "best") + "?format=" + (o->json ? "json" : o->format));
    if (o->output.empty())
      std::cout << response.body;
    else
      util::write_file_atomic(o->output, response.body);
  });

  auto diff = client_options();
  client_command(app, "diff",
                 "What changed from a run's start config to its best, as scripts/diffconfig "
                 "prints it",
                 *diff, true, true)
      ->callback([o = diff] {
        auto response = client::send_ok(o->server, "GET",
                                        path_of(o->run, "diff") + (o->json ? "?format=json" : ""));
        if (o->json)
          std::cout << nlohmann::json::parse(response.body).dump(2) << "\n";
        else
          std::cout << response.body;
      });

  auto report = client_options();
  client_command(app, "report", "A run's report: accepted removals and bytes saved", *report, true,
                 true)
      ->callback([o = report] {
        auto json = nlohmann::json::parse(
            client::send_ok(o->server, "GET", path_of(o->run, "report")).body);
        if (o->json) {
          std::cout << json.dump(2) << "\n";
        } else if (!json["report_text"].get<std::string>().empty()) {
          std::cout << json["report_text"].get<std::string>();
        } else {
          std::cout << "run " << json["id"] << " (" << json["state"].get<std::string>()
                    << "): " << util::bytes_text(json["start_bytes"]) << " -> "
                    << util::bytes_text(json["best_bytes"]) << "\naccepted removals (saved):\n";
          for (const auto& removal : json["removals"]) {
            std::cout << "  " << util::bytes_text(removal["bytes_saved"]) << "\t";
            for (const auto& m : removal["mutations"])
              std::cout << optimizer::describe({m["symbol"], m["value"]}) << " ";
            std::cout << "\n";
          }
        }
      });

  auto cancel = client_options();
  client_command(app, "cancel", "Stop a queued or running run", *cancel, true, false)
      ->callback([o = cancel] {
        client::send_ok(o->server, "POST", path_of(o->run, "cancel"));
        std::cout << "run " << o->run << " cancelling\n";
      });
}

} // namespace kshrink::service::cli
