// Chart.js read from Debian's package.
#include "service/web/chart_library.h"

#include "util/files.h"

#include <filesystem>

namespace kshrink::service::web {

const std::optional<std::string>& chart_library() {
  static const std::optional<std::string> text = []() -> std::optional<std::string> {
    std::error_code error;
    if (!std::filesystem::is_regular_file(chart_library_file, error)) return std::nullopt;
    try {
      return util::read_file(chart_library_file);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }();
  return text;
}

} // namespace kshrink::service::web
