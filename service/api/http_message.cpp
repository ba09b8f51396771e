// JSON and error responses, query string lookup.
#include "service/api/http_message.h"

#include <sstream>

namespace kshrink::service::api {

HttpResponse json_response(int status, const nlohmann::json& body) {
  // A request's own bytes come back in messages ("no such page: ..."): any that are not UTF-8
  // are shown as U+FFFD rather than failing the response.
  return {status, "application/json",
          body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

HttpResponse error_response(int status, const std::string& message) {
  return json_response(status, {{"error", message}});
}

std::string query_value(const std::string& query, const std::string& key) {
  std::istringstream in(query);
  for (std::string pair; std::getline(in, pair, '&');) {
    auto equals = pair.find('=');
    if (pair.substr(0, equals) == key)
      return equals == std::string::npos ? "" : pair.substr(equals + 1);
  }
  return "";
}

} // namespace kshrink::service::api
