// Tree options and the prepare step shared by the verbs that work on a tree.
#include "service/cli/tree_options.h"

#include "kconfig/start_config.h"
#include "util/error.h"
#include "util/log.h"
#include "util/stopwatch.h"

#include <cstdlib>

namespace fs = std::filesystem;

namespace kshrink::service::cli {

void add_tree_options(CLI::App& command, TreeOptions& options) {
  std::string keywords;
  for (const auto& keyword : kconfig::start_config_keywords())
    keywords += std::string("\n  ") + keyword.name + ": " + keyword.description;
  command.add_option("--tree", options.tree,
                     std::string("kernel source directory or tarball (default: ") +
                         tree::default_tree + ")");
  command
      .add_option("--config", options.config,
                  "start config: a .config file or a keyword:" + keywords)
      ->capture_default_str();
  command.add_option("--workdir", options.workdir,
                     "where trees, tools and builds are kept (default: $KSHRINK_WORKDIR or "
                     "~/.cache/kshrink)");
}

fs::path resolve_workdir(const std::string& option) {
  if (!option.empty()) return fs::absolute(option);
  if (const char* env = std::getenv("KSHRINK_WORKDIR"); env && *env) return fs::absolute(env);
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
    return fs::path(cache) / "kshrink";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache/kshrink";
  throw util::Error("no work directory: pass --workdir or set KSHRINK_WORKDIR");
}

PreparedConfig prepare_config(const TreeOptions& options) {
  fs::path workdir = resolve_workdir(options.workdir);
  util::Stopwatch clock;
  tree::KernelTree tree =
      tree::prepare_tree(options.tree.empty() ? tree::default_tree : options.tree, workdir);
  util::note("tree " + tree.source.string() + " (Linux " + tree.version + ") ready in " +
             util::seconds_text(clock.seconds()));

  util::Stopwatch tools_clock;
  auto tools = kconfig::KconfigTools::prepare(tree, workdir);
  kconfig::ConfigFile start = kconfig::load_start_config(options.config, tools);
  auto sanitized = kconfig::sanitize(start, tree.source, kconfig::HostFacts::detect());
  for (const auto& change : sanitized)
    util::note("sanitized " + change.symbol + ": " + change.old_value + " -> " + change.new_value +
               " (" + change.reason + ")");
  util::note("start config '" + options.config + "' loaded in " +
             util::seconds_text(tools_clock.seconds()));

  util::Stopwatch resolve_clock;
  kconfig::ResolvedConfig resolved = kconfig::Resolver(tools).resolve(start);
  util::note("resolved with olddefconfig in " + util::seconds_text(resolve_clock.seconds()) + ": " +
             std::to_string(resolved.config.count_enabled()) + " symbols set, hash " +
             resolved.hash.substr(0, 12));
  return {std::move(tools), std::move(sanitized), std::move(resolved)};
}

} // namespace kshrink::service::cli
