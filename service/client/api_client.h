// ApiClient: the CLI's side of the HTTP API (`kshrink submit`, `runs`, `status`, ...): one
// request per call over Boost.Beast, errors turned into util::Errors with the server's message.
#pragma once

#include "service/api/http_message.h"

#include <string>

namespace kshrink::service::client {

/// Where the daemon is and how to authenticate.
struct ServerAddress {
  std::string url = "http://127.0.0.1:8680"; ///< http://HOST:PORT
  std::string token;                         ///< sent as a bearer token when set
};

/// Sends one request; returns the response whatever its status. Throws util::Error when the
/// server cannot be reached.
api::HttpResponse send(const ServerAddress& server, const std::string& method,
                       const std::string& target, const std::string& body = "");

/// Like send(), but a status of 400 or more is a util::Error carrying the server's message.
api::HttpResponse send_ok(const ServerAddress& server, const std::string& method,
                          const std::string& target, const std::string& body = "");

} // namespace kshrink::service::client
