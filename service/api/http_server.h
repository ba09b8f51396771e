// HttpServer: the daemon's HTTP listener on Boost.Beast. One request per connection, bodies
// over api::max_request_body refused with 413, a read/write deadline per connection, a cap on
// open connections (more wait in the listen backlog), and a pause instead of a busy loop when
// accepting fails (out of file descriptors); every request goes to one handler function
// (api::handle).
#pragma once

#include "service/api/http_message.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace kshrink::service::api {

/// How much a server takes on.
struct ServerLimits {
  size_t max_connections = 0;                  ///< open at once; 0: from the descriptor limit
  std::chrono::milliseconds deadline{30'000};  ///< to read a request and write its answer
  std::chrono::milliseconds accept_pause{100}; ///< after a failed accept, before the next
};

/// The connection cap for a process allowed `descriptors` open files: half of them (the rest
/// are the daemon's: database, logs, builds), at most 256.
size_t connection_cap(size_t descriptors);

/// Serves HTTP on HOST:PORT from a thread of its own.
class HttpServer {
public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  /// Binds at once (port 0: any free port); throws util::Error if it cannot.
  HttpServer(const std::string& host, unsigned short port, Handler handler,
             ServerLimits limits = {});
  ~HttpServer();

  /// The port it listens on.
  unsigned short port() const;

  /// Starts serving in the background.
  void start();
  /// Stops accepting, ends open connections and joins the thread.
  void stop();

private:
  struct State;
  std::unique_ptr<State> state_;
  std::thread thread_;
};

} // namespace kshrink::service::api
