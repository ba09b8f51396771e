// Which files a submission may name: the daemon builds trees and runs check scripts as its own
// user, so a submission's tree, start config, fragments, boot script and profile must lie under
// a root its config allows (`allowed_roots`). Keywords (defconfig, debian...) name no file.
#pragma once

#include "run/run_settings.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::service::api {

/// The first path `settings` names outside every root (symbolic links followed), as a message
/// naming it and the roots; nullopt when all are inside.
std::optional<std::string> path_outside_roots(const run::RunSettings& settings,
                                              const std::vector<std::filesystem::path>& roots);

} // namespace kshrink::service::api
