// Unit tests for service/api/http_server on loopback: requests answered, the connection cap,
// idle connections closed at the deadline, and no busy loop when out of file descriptors.
#include "service/api/http_server.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace kshrink::service::api;
using namespace std::chrono_literals;

namespace {

HttpResponse hello(const HttpRequest& request) {
  return {200, "text/plain", "hello " + request.path};
}

/// A TCP connection to 127.0.0.1:port; -1 if connect failed.
int connect_to(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// Sends GET `path` on a new connection and reads the answer to its end.
std::string get(unsigned short port, const std::string& path) {
  int fd = connect_to(port);
  REQUIRE(fd >= 0);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  REQUIRE(write(fd, request.data(), request.size()) == ssize_t(request.size()));
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
    answer.append(buffer, size_t(n));
  close(fd);
  return answer;
}

/// CPU seconds this process has used, all threads.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](timeval t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("a request is answered by the handler, and the connection closed") {
  HttpServer server("127.0.0.1", 0, hello);
  server.start();
  auto answer = get(server.port(), "/healthz");
  CHECK(answer.starts_with("HTTP/1.1 200"));
  CHECK(answer.ends_with("hello /healthz"));
}

TEST_CASE("the connection cap is half the descriptor limit, at most 256") {
  CHECK(connection_cap(64) == 32);
  CHECK(connection_cap(1024) == 256);
  CHECK(connection_cap(1) == 1);
}

TEST_CASE("connections over the cap wait in the backlog until idle ones reach their deadline") {
  HttpServer server("127.0.0.1", 0, hello, {.max_connections = 2, .deadline = 1000ms});
  server.start();
  std::vector<int> idle = {connect_to(server.port()), connect_to(server.port())};
  REQUIRE(idle[0] >= 0);
  REQUIRE(idle[1] >= 0);
  std::this_thread::sleep_for(100ms); // both accepted: the cap is reached
  auto start = std::chrono::steady_clock::now();
  double cpu_before = cpu_seconds();
  auto answer = get(server.port(), "/waited");
  double waited = seconds_since(start);
  CHECK(answer.ends_with("hello /waited"));
  CHECK(waited >= 0.5); // not before the idle ones were closed
  CHECK(waited < 5);
  CHECK(cpu_seconds() - cpu_before < 0.5 * waited); // waited, did not spin
  for (int fd : idle)
    close(fd);
}

TEST_CASE("out of file descriptors, the server pauses instead of spinning and then recovers") {
  HttpServer server("127.0.0.1", 0, hello, {.max_connections = 100, .deadline = 1000ms});
  server.start();
  size_t open_now = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++open_now;
  rlimit saved{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &saved) == 0);
  rlimit tight = saved;
  tight.rlim_cur = open_now + 2; // room for a client socket or two, none for the server's
  REQUIRE(setrlimit(RLIMIT_NOFILE, &tight) == 0);
  std::vector<int> clients;
  for (int i = 0; i < 4; ++i)
    if (int fd = connect_to(server.port()); fd >= 0) clients.push_back(fd);
  double cpu_before = cpu_seconds();
  auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(1500ms);
  double cpu = cpu_seconds() - cpu_before;
  REQUIRE(setrlimit(RLIMIT_NOFILE, &saved) == 0);
  CHECK_FALSE(clients.empty());
  CHECK(cpu < 0.3 * seconds_since(start));
  for (int fd : clients)
    close(fd);
  CHECK(get(server.port(), "/after").ends_with("hello /after"));
}
