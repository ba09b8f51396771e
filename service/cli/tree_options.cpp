// Tree options: their help text (which lists the start config keywords) and the prepare step.
#include "service/cli/tree_options.h"

#include "kconfig/start_config.h"
#include "util/work_dir.h"

namespace kshrink::service::cli {

CLI::Validator non_empty_path() {
  return CLI::Validator(
      [](const std::string& value) {
        return value.empty() ? std::string("an empty path (leave the option out for the default)")
                             : std::string();
      },
      "PATH");
}

void add_tree_options(CLI::App& command, TreeOptions& options) {
  std::string keywords;
  for (const auto& keyword : kconfig::start_config_keywords())
    keywords += std::string("\n  ") + keyword.name + ": " + keyword.description;
  command
      .add_option("--tree", options.tree,
                  std::string("kernel source directory or tarball (default: ") +
                      tree::default_tree + ")")
      ->check(non_empty_path());
  command
      .add_option("--config", options.config,
                  "start config: a .config file or a keyword:" + keywords)
      ->capture_default_str();
  command
      .add_option("--workdir", options.workdir,
                  "where trees, tools and builds are kept (default: $KSHRINK_WORKDIR or "
                  "~/.cache/kshrink)")
      ->check(non_empty_path());
}

run::PreparedConfig prepare_config(const TreeOptions& options) {
  return run::prepare_config(options.tree, options.config, util::WorkDir::resolve(options.workdir));
}

} // namespace kshrink::service::cli
