// TOML parsing (toml++) and checks of the daemon's settings.
#include "service/daemon/daemon_config.h"

#include "util/error.h"
#include "util/log.h"

#include <toml++/toml.h>

#include <cstdint>
#include <set>

namespace kshrink::service::daemon {
namespace {

template <typename T> void read(const toml::table& table, const char* key, T& field) {
  const toml::node* node = table.get(key);
  if (!node) return;
  if constexpr (std::is_same_v<T, int>) {
    auto value = node->value<int64_t>();
    if (!value) throw util::Error(std::string("config key '") + key + "' must be an integer");
    util::require_in_range(std::string("config key '") + key + "'", *value, INT32_MIN, INT32_MAX);
    field = int(*value);
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    const toml::array* array = node->as_array();
    if (!array) throw util::Error(std::string("config key '") + key + "' must be an array");
    field.clear();
    for (const auto& item : *array) {
      auto value = item.value<std::string>();
      if (!value) throw util::Error(std::string("config key '") + key + "' must hold strings only");
      field.push_back(*value);
    }
  } else {
    auto value = node->value<std::string>();
    if (!value) throw util::Error(std::string("config key '") + key + "' must be a string");
    field = *value;
  }
}

} // namespace

DaemonConfig load_daemon_config(const std::filesystem::path& path) {
  DaemonConfig config;
  if (path.empty()) return config;
  if (!std::filesystem::is_regular_file(path))
    throw util::Error("daemon config not found: " + path.string());
  toml::table table;
  try {
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw util::Error("cannot parse " + path.string() + ": " + std::string(e.description()) +
                      " (line " + std::to_string(e.source().begin.line) + ")");
  }
  static const std::set<std::string> known = {
      "listen",  "token", "workdir",     "database",     "concurrent_runs",
      "workers", "jobs",  "ccache_size", "distcc_hosts", "allowed_roots"};
  for (const auto& [key, value] : table)
    if (!known.contains(std::string(key.str())))
      throw util::Error("unknown key '" + std::string(key.str()) + "' in " + path.string());
  read(table, "listen", config.listen);
  read(table, "token", config.token);
  read(table, "workdir", config.workdir);
  read(table, "database", config.database);
  read(table, "concurrent_runs", config.concurrent_runs);
  read(table, "workers", config.workers);
  read(table, "jobs", config.jobs);
  read(table, "ccache_size", config.ccache_size);
  read(table, "distcc_hosts", config.distcc_hosts);
  read(table, "allowed_roots", config.allowed_roots);
  auto others = std::filesystem::perms::group_read | std::filesystem::perms::others_read;
  if (!config.token.empty() &&
      (std::filesystem::status(path).permissions() & others) != std::filesystem::perms::none)
    util::note("warning: " + path.string() +
               " holds the API token and others may read it: chmod 600");
  return config;
}

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535)
    throw util::Error("bad listen address '" + listen + "': use HOST:PORT, e.g. 127.0.0.1:8680");
  return {host, (unsigned short)std::stoul(port)};
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

void check_daemon_config(const DaemonConfig& config) {
  auto [host, port] = split_listen(config.listen);
  if (!is_loopback(host) && config.token.empty())
    throw util::Error("listening on " + host +
                      " (not loopback) needs a token: set 'token' in the config");
  util::require_in_range("concurrent_runs", config.concurrent_runs, 1, max_concurrent_runs);
  util::require_in_range("workers", config.workers, 1, builder::max_workers);
  util::require_in_range("jobs (0: automatic)", config.jobs, 0, builder::max_jobs);
}

} // namespace kshrink::service::daemon
