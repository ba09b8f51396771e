// ApiClient over a synchronous Beast stream with a deadline.
#include "service/client/api_client.h"

#include "service/daemon/daemon_config.h"
#include "util/error.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace kshrink::service::client {

api::HttpResponse send(const ServerAddress& server, const std::string& method,
                       const std::string& target, const std::string& body) {
  std::string address = server.url;
  if (address.starts_with("http://")) address = address.substr(7);
  while (address.ends_with("/"))
    address.pop_back();
  auto [host, port] = daemon::split_listen(address);
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(resolver.resolve(host, std::to_string(port)));
    http::request<http::string_body> request{http::string_to_verb(method), target, 11};
    request.set(http::field::host, host);
    request.set(http::field::user_agent, "kshrink");
    if (!server.token.empty()) request.set(http::field::authorization, "Bearer " + server.token);
    if (!body.empty()) request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto& response = parser.get();
    return {int(response.result_int()), std::string(response[http::field::content_type]),
            response.body()};
  } catch (const boost::system::system_error& e) {
    throw util::UnreachableError("cannot reach kshrink serve at " + server.url + ": " +
                                 e.code().message() + " (is the daemon running? see --server)");
  }
}

api::HttpResponse send_ok(const ServerAddress& server, const std::string& method,
                          const std::string& target, const std::string& body) {
  api::HttpResponse response = send(server, method, target, body);
  if (response.status < 400) return response;
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  std::string message =
      json.is_object() && json.contains("error") ? json["error"].get<std::string>() : response.body;
  message += " (HTTP " + std::to_string(response.status) + ")";
  if (response.status >= 500) throw util::EnvironmentError(message); // the daemon's side
  if (response.status == 404) throw util::NotFoundError(message);
  throw util::Error(message);
}

} // namespace kshrink::service::client
