// The deploy files are real: the example TOML is a valid daemon config, the systemd unit
// passes `systemd-analyze verify` (with ExecStart pointed at this build) and is sandboxed,
// every metric the Grafana dashboard queries is one the daemon serves, what /metrics serves
// passes `promtool check metrics`, and `cmake --install` puts each file where the unit and
// the docs expect it.
#include "service/daemon/daemon_config.h"
#include "service/metrics/metrics.h"
#include "tests/test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace kshrink;

namespace {
const fs::path deploy = fs::path(KSHRINK_CONFIGS).parent_path() / "deploy";
}

TEST_CASE("deploy/kshrink.toml is a valid daemon config") {
  auto config = service::daemon::load_daemon_config(deploy / "kshrink.toml");
  CHECK_NOTHROW(service::daemon::check_daemon_config(config));
  CHECK(config.listen == "127.0.0.1:8680");
}

TEST_CASE("deploy/kshrink.service passes systemd-analyze verify") {
  auto dir = test::temp_dir();
  std::string unit = util::read_file(deploy / "kshrink.service");
  const std::string installed = "/usr/local/bin/kshrink";
  REQUIRE(unit.find(installed) != std::string::npos);
  for (auto at = unit.find(installed); at != std::string::npos; at = unit.find(installed, at))
    unit.replace(at, installed.size(), KSHRINK_BINARY);
  util::write_file_atomic(dir.path() / "kshrink.service", unit);
  auto verified =
      util::system_runner().run({.program = "systemd-analyze",
                                 .args = {"verify", (dir.path() / "kshrink.service").string()},
                                 .output = dir.path() / "log"});
  CHECK_MESSAGE(verified.ok(), util::read_file(dir.path() / "log"));
  CHECK(unit.find("Type=notify") != std::string::npos);
}

TEST_CASE("deploy/kshrink.service is sandboxed: systemd-analyze security rates it at most 4") {
  auto dir = test::temp_dir();
  auto rated = util::system_runner().run(
      {.program = "systemd-analyze",
       .args = {"security", "--offline=true", (deploy / "kshrink.service").string()},
       .output = dir.path() / "log"});
  std::string log = util::read_file(dir.path() / "log");
  std::smatch level;
  REQUIRE_MESSAGE(std::regex_search(log, level, std::regex(R"(exposure level for \S+: ([0-9.]+))")),
                  log);
  CHECK_MESSAGE(std::stod(level[1]) <= 4.0, log); // 8.7 EXPOSED before the sandbox
  CHECK(rated.ok());
}

TEST_CASE("the Grafana dashboard imports into any Grafana: its Prometheus is a variable") {
  auto dashboard =
      nlohmann::json::parse(util::read_file(deploy / "grafana/kshrink-dashboard.json"));
  std::set<std::string> variables;
  for (const auto& variable : dashboard["templating"]["list"])
    variables.insert(variable["name"].get<std::string>());
  CHECK(variables.contains("datasource"));
  CHECK(variables.contains("run"));
  REQUIRE_FALSE(dashboard["panels"].empty());
  for (const auto& panel : dashboard["panels"])
    if (panel.contains("datasource"))
      CHECK_MESSAGE(panel["datasource"]["uid"] == "${datasource}", panel["title"]);
}

TEST_CASE("every metric the Grafana dashboard queries is served by the daemon") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  std::string served = service::metrics::Metrics(db, {}, dir.path() / "ccache").scrape();
  auto dashboard =
      nlohmann::json::parse(util::read_file(deploy / "grafana/kshrink-dashboard.json"));
  std::regex metric("kshrink_[a-z_]+");
  std::set<std::string> queried;
  for (const auto& panel : dashboard["panels"])
    for (const auto& target : panel["targets"]) {
      std::string expr = target["expr"];
      for (std::sregex_iterator it(expr.begin(), expr.end(), metric), end; it != end; ++it)
        queried.insert(it->str());
    }
  CHECK(queried.size() >= 7);
  for (const auto& name : queried) {
    std::string family = std::regex_replace(name, std::regex("_(bucket|count|sum)$"), "");
    // kshrink_best_bytes has series only while a run runs; its family is declared all the same.
    bool declared = served.find("# TYPE " + family + " ") != std::string::npos ||
                    family == "kshrink_best_bytes";
    CHECK_MESSAGE(declared, name);
  }
}

TEST_CASE("what /metrics serves passes promtool check metrics") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  util::write_file_atomic(dir.path() / "metrics.txt",
                          service::metrics::Metrics(db, {}, dir.path() / "ccache").scrape());
  auto checked = util::system_runner().run(
      {.program = "sh",
       .args = {"-c", "promtool check metrics < \"$0\"", (dir.path() / "metrics.txt").string()},
       .output = dir.path() / "log"});
  CHECK_MESSAGE(checked.ok(), util::read_file(dir.path() / "log"));
}

TEST_CASE("cmake --install puts the binary, unit, config, dashboard and docs where they belong") {
  auto dir = test::temp_dir();
  fs::path root = dir.path() / "root";
  auto install = [&] {
    return util::system_runner().run({.program = "cmake",
                                      .args = {"--install", KSHRINK_BUILD_DIR},
                                      .env = {{"DESTDIR", root.string()}},
                                      .output = dir.path() / "log"});
  };
  REQUIRE_MESSAGE(install().ok(), util::read_file(dir.path() / "log"));
  // The paths the unit names, under the default prefix.
  fs::path binary = root / "usr/local/bin/kshrink";
  auto version = test::run_program(binary.string(), {"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.starts_with("kshrink "));
  fs::path unit = root / "usr/local/lib/systemd/system/kshrink.service";
  REQUIRE(fs::is_regular_file(unit));
  CHECK(util::read_file(unit).find(
            "ExecStart=/usr/local/bin/kshrink serve --config /etc/kshrink/kshrink.toml") !=
        std::string::npos);
  fs::path config = root / "etc/kshrink/kshrink.toml";
  REQUIRE(fs::is_regular_file(config));
  CHECK((fs::status(config).permissions() & fs::perms::others_all) == fs::perms::none);
  CHECK_NOTHROW(service::daemon::check_daemon_config(service::daemon::load_daemon_config(config)));
  CHECK(fs::is_regular_file(root / "usr/local/share/kshrink/grafana/kshrink-dashboard.json"));
  CHECK(fs::is_regular_file(root / "usr/local/share/kshrink/prometheus.yml"));
  CHECK(fs::is_regular_file(root / "usr/local/share/doc/kshrink/README.md"));
  CHECK(fs::is_regular_file(root / "usr/local/share/doc/kshrink/examples/kshrink.toml"));
  // Installing again keeps a config its owner changed.
  util::write_file_atomic(config, "listen = \"127.0.0.1:9999\"\n");
  REQUIRE(install().ok());
  CHECK(util::read_file(config) == "listen = \"127.0.0.1:9999\"\n");
}
