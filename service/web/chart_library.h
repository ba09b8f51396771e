// Chart.js, the page's charting library: the daemon serves Debian's libjs-chart.js from the
// package's own files (nothing is copied into kshrink), so the page draws axes, ticks and
// tooltips without kshrink maintaining a plotting library of its own.
#pragma once

#include <optional>
#include <string>

namespace kshrink::service::web {

/// Where the page loads the library from.
inline constexpr const char* chart_library_url = "/static/chart.js";
/// The file Debian's libjs-chart.js installs (Chart.js 3, one UMD bundle).
inline constexpr const char* chart_library_file = "/usr/share/javascript/chart.js/chart.min.js";

/// The library's text, read once; nullopt if the package is not installed.
const std::optional<std::string>& chart_library();

} // namespace kshrink::service::web
