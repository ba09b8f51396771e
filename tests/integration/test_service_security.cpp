// The daemon's secrets and files: started under `umask 000` with a token, it demands the token
// (a wrong one by a single character is refused), serves /healthz without it, runs a real run
// (submitted, then cancelled), and afterwards the token is in no file it wrote (database, run
// logs, its own log) nor in /metrics or a run's JSON, and nothing it wrote is open to others.
#include "tests/integration/daemon_support.h"
#include "tests/integration/real_tree.h"
#include "util/sha256.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace fs = std::filesystem;
using namespace kshrink;
using namespace std::chrono_literals;

TEST_CASE(
    "the token is demanded and never written or shown, and nothing the daemon writes is open") {
  auto dir = test::temp_dir();
  std::string token = util::sha256_hex("kshrink security test " + dir.path().string());
  std::string wrong = token;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  fs::path config = dir.path() / "small.config";
  test::small_bootable_config().config.save(config);
  std::set<fs::path> not_the_daemons = {dir.path() / "kshrink.toml", config};
  {
    test::Daemon daemon(dir.path(), "token = \"" + token + "\"\n",
                        {"/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\""});
    not_the_daemons.insert(dir.path() / ("serve-" + std::to_string(daemon.port) + ".out"));
    not_the_daemons.insert(dir.path() / ("serve-" + std::to_string(daemon.port) + ".err"));
    service::client::ServerAddress none{daemon.server.url, ""}, bad{daemon.server.url, wrong},
        good{daemon.server.url, token};
    for (const char* target : {"/api/runs", "/metrics", "/api/runs/1"}) {
      CAPTURE(target);
      CHECK(service::client::send(none, "GET", target).status == 401);
      CHECK(service::client::send(bad, "GET", target).status == 401);
    }
    CHECK(service::client::send(none, "GET", "/healthz").status == 200);

    auto submitted =
        test::run_kshrink({"submit", "--server", daemon.server.url, "--token", token, "--config",
                           config.string(), "--checks", "boot", "--budget", "1builds", "--json"});
    REQUIRE_MESSAGE(submitted.exit_code == 0, submitted.err);
    auto status = [&] {
      return nlohmann::json::parse(service::client::send_ok(good, "GET", "/api/runs/1").body);
    };
    for (int i = 0; i < 120 && status()["state"] != "running"; ++i)
      std::this_thread::sleep_for(500ms);
    std::this_thread::sleep_for(3s); // the run's child writes its log and files
    CHECK(service::client::send(good, "POST", "/api/runs/1/cancel").status == 202);
    nlohmann::json ended;
    for (int i = 0; i < 240; ++i) {
      ended = status();
      if (ended["state"] == "cancelled") break;
      std::this_thread::sleep_for(500ms);
    }
    CHECK(ended["state"] == "cancelled");
    CHECK(ended.dump().find(token) == std::string::npos);
    auto metrics = service::client::send_ok(good, "GET", "/metrics").body;
    CHECK(metrics.find("kshrink_runs{") != std::string::npos);
    CHECK(metrics.find(token) == std::string::npos);
  } // the daemon is stopped: everything it wrote is on disk

  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path())) {
    const fs::path& path = entry.path();
    CAPTURE(path);
    if (entry.is_regular_file() && path != dir.path() / "kshrink.toml") // where it is kept
      CHECK(util::read_file(path).find(token) == std::string::npos);
    if (not_the_daemons.contains(path)) continue;
    ++files;
    auto open_to = fs::perms::group_write | fs::perms::others_all;
    CHECK((entry.symlink_status().permissions() & open_to) == fs::perms::none);
  }
  MESSAGE(files << " files and directories the daemon and its run wrote");
  CHECK(files >= 4); // the database, the runs' directory, the run's directory and its log
}
