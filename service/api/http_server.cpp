// HttpServer: Asio coroutines, one session per connection.
#include "service/api/http_server.h"

#include "service/api/api.h"
#include "util/error.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace kshrink::service::api {
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

HttpRequest to_request(const http::request<http::string_body>& message) {
  std::string target(message.target());
  auto question = target.find('?');
  return {std::string(message.method_string()), target.substr(0, question),
          question == std::string::npos ? "" : target.substr(question + 1), message.body(),
          std::string(message[http::field::authorization])};
}

asio::awaitable<void> session(tcp::socket socket, const HttpServer::Handler& handler,
                              std::chrono::milliseconds deadline) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(deadline);
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(max_request_body);
  auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, use_tuple);
  HttpResponse response;
  if (read_error == http::error::body_limit)
    response =
        error_response(413, "request body over " + std::to_string(max_request_body) + " bytes");
  else if (read_error == http::error::header_limit)
    response = error_response(431, "request headers too large");
  else if (read_error == http::error::end_of_stream || read_error == beast::error::timeout ||
           read_error == asio::error::connection_reset)
    co_return;
  else if (read_error)
    response = error_response(400, "bad HTTP request: " + read_error.message());
  else
    response = handler(to_request(parser.get()));
  http::response<http::string_body> message{http::status(response.status), 11};
  message.set(http::field::server, "kshrink");
  message.set(http::field::content_type, response.content_type);
  message.set(http::field::cache_control, "no-store");
  message.keep_alive(false);
  message.body() = std::move(response.body);
  message.prepare_payload();
  co_await http::async_write(stream, message, use_tuple);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

size_t descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 1024;
  return size_t(limit.rlim_cur);
}

} // namespace

size_t connection_cap(size_t descriptors) {
  return std::clamp<size_t>(descriptors / 2, 1, 256);
}

struct HttpServer::State {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  Handler handler;
  ServerLimits limits;
  size_t open = 0; ///< sessions running; touched only on the io thread
};

HttpServer::HttpServer(const std::string& host, unsigned short port, Handler handler,
                       ServerLimits limits)
    : state_(std::make_unique<State>()) {
  state_->handler = std::move(handler);
  if (limits.max_connections == 0) limits.max_connections = connection_cap(descriptor_limit());
  state_->limits = limits;
  beast::error_code ec;
  auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) throw util::Error("cannot listen on '" + host + "': not an IP address");
  tcp::endpoint endpoint(address, port);
  state_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) state_->acceptor.bind(endpoint, ec);
  if (!ec) state_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw util::EnvironmentError("cannot listen on " + host + ":" + std::to_string(port) + ": " +
                                 ec.message());
}

HttpServer::~HttpServer() {
  stop();
}

unsigned short HttpServer::port() const {
  return state_->acceptor.local_endpoint().port();
}

void HttpServer::start() {
  asio::co_spawn(
      state_->io,
      [state = state_.get()]() -> asio::awaitable<void> {
        asio::steady_timer pause(state->io);
        while (state->acceptor.is_open()) {
          if (state->open >= state->limits.max_connections) { // the backlog holds the rest
            pause.expires_after(std::chrono::milliseconds(10));
            co_await pause.async_wait(use_tuple);
            continue;
          }
          auto [ec, socket] = co_await state->acceptor.async_accept(use_tuple);
          if (ec == asio::error::operation_aborted) co_return;
          if (ec) { // e.g. out of file descriptors: let sessions end rather than spin
            pause.expires_after(state->limits.accept_pause);
            co_await pause.async_wait(use_tuple);
            continue;
          }
          ++state->open;
          asio::co_spawn(state->io,
                         session(std::move(socket), state->handler, state->limits.deadline),
                         [state](std::exception_ptr) { --state->open; });
        }
      },
      asio::detached);
  thread_ = std::thread([this] { state_->io.run(); });
}

void HttpServer::stop() {
  if (!thread_.joinable()) return;
  asio::post(state_->io, [state = state_.get()] {
    beast::error_code ignored;
    state->acceptor.close(ignored);
  });
  state_->io.stop();
  thread_.join();
}

} // namespace kshrink::service::api
