// Shared by the daemon's integration tests: a free loopback port, a program in the background
// (stopped with SIGTERM, then SIGKILL), and `kshrink serve` started on the shared work directory
// with its config, database and logs in a test's directory.
#pragma once

#include "service/client/api_client.h"
#include "tests/test_support.h"
#include "util/subprocess.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

namespace kshrink::test {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

inline unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

/// A process started in the background and stopped (SIGTERM, its group) at the end.
class Background {
public:
  Background(util::Command command) : command_(std::move(command)) {
    command_.cancel = &stop_;
    command_.kill_grace = 90s;
    thread_ = std::thread([this] { result_ = util::system_runner().run(command_); });
  }
  ~Background() { stop(); }
  util::CommandResult stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return result_;
  }
  std::string error_output() const {
    return fs::exists(command_.error_output) ? util::read_file(command_.error_output) : "";
  }

private:
  util::Command command_;
  std::atomic<bool> stop_{false};
  util::CommandResult result_;
  std::thread thread_;
};

/// `kshrink serve` on a free loopback port with its own database and the shared work dir.
struct Daemon {
  /// Started with its config in `dir` (`extra_config`: more TOML lines) and `launcher` before
  /// the binary (e.g. a shell that sets a umask first).
  explicit Daemon(const fs::path& dir, const std::string& extra_config = "",
                  std::vector<std::string> launcher = {})
      : port(free_port()), process(command(dir, extra_config, std::move(launcher))) {
    server.url = "http://127.0.0.1:" + std::to_string(port);
    for (int i = 0; i < 300; ++i) {
      if (process.error_output().find("serving on") != std::string::npos) return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL("the daemon did not start: " << process.error_output());
  }
  util::Command command(const fs::path& dir, const std::string& extra_config,
                        std::vector<std::string> launcher) const {
    std::vector<std::string> args = {"serve", "--config", write_config(dir, extra_config),
                                     "--listen", "127.0.0.1:" + std::to_string(port)};
    std::string program = KSHRINK_BINARY;
    if (!launcher.empty()) {
      args.insert(args.begin(), program);
      args.insert(args.begin(), launcher.begin() + 1, launcher.end());
      program = launcher.front();
    }
    return {.program = program,
            .args = args,
            .output = dir / ("serve-" + std::to_string(port) + ".out"),
            .error_output = dir / ("serve-" + std::to_string(port) + ".err")};
  }
  static std::string write_config(const fs::path& dir, const std::string& extra_config) {
    fs::path file = dir / "kshrink.toml";
    util::write_file_atomic(file, "workdir = \"" + shared_workdir().string() + "\"\ndatabase = \"" +
                                      (dir / "kshrink.db").string() +
                                      "\"\nworkers = 1\nconcurrent_runs = 1\n"
                                      "allowed_roots = [\"/usr/src\", \"" +
                                      dir.string() + "\"]\n" + extra_config);
    return file.string();
  }
  nlohmann::json get(const std::string& target) {
    return nlohmann::json::parse(service::client::send_ok(server, "GET", target).body);
  }
  /// Polls a run until `done` says so (or the deadline passes); returns its last status.
  nlohmann::json wait_for(int64_t run, const std::function<bool(const nlohmann::json&)>& done,
                          std::chrono::seconds deadline) {
    auto until = std::chrono::steady_clock::now() + deadline;
    nlohmann::json status;
    while (std::chrono::steady_clock::now() < until) {
      status = get("/api/runs/" + std::to_string(run));
      if (done(status)) break;
      std::this_thread::sleep_for(1s);
    }
    return status;
  }
  unsigned short port;
  Background process;
  service::client::ServerAddress server;
};

/// The page of `run` in headless Chromium: its DOM once the scripts ran; a screenshot of it is
/// kept at `png`.

} // namespace kshrink::test
