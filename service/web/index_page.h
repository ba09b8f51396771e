// The page at `/`: runs with their state; for one run, its convergence chart (best bytes
// against builds) and the table of accepted removals. Plain HTML and script, no assets.
#pragma once

#include <string>

namespace kshrink::service::web {

/// The whole page.
const std::string& index_page();

} // namespace kshrink::service::web
