// HttpServer: the daemon's HTTP listener on Boost.Beast. One request per connection, bodies
// over api::max_request_body refused with 413, a read/write deadline per connection; every
// request goes to one handler function (api::handle).
#pragma once

#include "service/api/http_message.h"

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace kshrink::service::api {

/// Serves HTTP on HOST:PORT from a thread of its own.
class HttpServer {
public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  /// Binds at once (port 0: any free port); throws util::Error if it cannot.
  HttpServer(const std::string& host, unsigned short port, Handler handler);
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
