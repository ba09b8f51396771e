// How `kshrink status` shows a run: a frame of text lines from the API's run object, with a
// budget bar that fits the terminal's width (`status --watch` redraws it).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace kshrink::service::cli {

/// The run as people read it: state, size, builds by verdict, and for a running run its
/// phase, a budget bar `width` columns wide, ETA, current candidate and the end of its log.
std::string status_frame(const nlohmann::json& run, size_t width);

} // namespace kshrink::service::cli
