// The page at `/`: runs with their state; for one run, its live state, settings and error, its
// convergence charts (best bytes and every built trial against builds and against time, the
// budget's end marked) and the table of accepted removals. Plain HTML and script; the one asset
// is Chart.js from Debian's package (service/web/chart_library.h).
#pragma once

#include <string>

namespace kshrink::service::web {

/// The whole page.
const std::string& index_page();

} // namespace kshrink::service::web
