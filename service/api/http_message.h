// HttpRequest and HttpResponse: what the API handlers see and return, independent of sockets,
// so handlers are plain functions that tests call directly.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kshrink::service::api {

/// One request, as the server read it.
struct HttpRequest {
  std::string method; ///< "GET", "POST", ...
  std::string path;   ///< the target without its query: "/api/runs/3"
  std::string query;  ///< after '?', undecoded: "format=defconfig"
  std::string body;
  std::string authorization; ///< the Authorization header, if any
};

/// One response.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// A JSON body with `status`.
HttpResponse json_response(int status, const nlohmann::json& body);

/// {"error": message} with `status`: every 4xx and 5xx the API sends.
HttpResponse error_response(int status, const std::string& message);

/// The value of `key` in a query string ("" if absent).
std::string query_value(const std::string& query, const std::string& key);

} // namespace kshrink::service::api
