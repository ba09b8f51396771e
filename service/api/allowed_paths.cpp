// Submitted paths against the daemon's allowed roots.
#include "service/api/allowed_paths.h"

#include "bootcheck/check_registry.h"
#include "kconfig/start_config.h"
#include "run/profiled_start.h"

#include <algorithm>

namespace fs = std::filesystem;

namespace kshrink::service::api {
namespace {

/// True if `path` (canonical) is `root` (canonical) or below it.
bool inside(const fs::path& path, const fs::path& root) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

/// The paths `settings` names, each with what it is ("tree", "config fragment"...).
std::vector<std::pair<std::string, fs::path>> named_paths(const run::RunSettings& settings) {
  std::vector<std::pair<std::string, fs::path>> paths;
  if (!settings.tree.empty()) paths.emplace_back("tree", settings.tree);
  auto [base, fragments] = kconfig::split_config_spec(settings.config);
  if (!kconfig::is_start_config_keyword(base)) paths.emplace_back("start config", base);
  for (const auto& fragment : fragments)
    paths.emplace_back("config fragment", fragment);
  for (const auto& script : bootcheck::check_script_paths(settings.checks))
    paths.emplace_back("check script", script);
  if (settings.boot.starts_with("command:"))
    paths.emplace_back("boot script", settings.boot.substr(std::string("command:").size()));
  if (std::string mode = run::profile_mode(settings); mode != "prebuilt" && mode != "none")
    paths.emplace_back("profile", mode);
  return paths;
}

} // namespace

std::optional<std::string> path_outside_roots(const run::RunSettings& settings,
                                              const std::vector<fs::path>& roots) {
  std::string listed;
  for (const auto& root : roots)
    listed += (listed.empty() ? "" : ", ") + root.string();
  for (const auto& [what, path] : named_paths(settings)) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(fs::absolute(path), ec);
    bool allowed = !ec && std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) {
      std::error_code root_ec;
      fs::path real_root = fs::weakly_canonical(root, root_ec);
      return !root_ec && inside(real, real_root);
    });
    if (!allowed)
      return what + " " + path.string() + " is outside the roots this daemon allows (" +
             (listed.empty() ? "none" : listed) + "; allowed_roots in its config)";
  }
  return std::nullopt;
}

} // namespace kshrink::service::api
