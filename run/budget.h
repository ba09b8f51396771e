// Budget: how long a run may search: "8h", "90m", "300builds", or both ("8h,300builds").
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kshrink::run {

/// Limits parsed from --budget; both empty means no limit.
struct Budget {
  std::optional<std::chrono::seconds> time;
  std::optional<size_t> builds;
};

/// Parses a --budget value; throws util::Error with the accepted forms.
Budget parse_budget(const std::string& text);

} // namespace kshrink::run
