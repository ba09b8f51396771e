// The prepare step shared by the verbs that work on a tree and by runs.
#include "run/prepare.h"

#include "kconfig/start_config.h"
#include "kconfig/symbol_table.h"
#include "util/error.h"
#include "util/log.h"
#include "util/stopwatch.h"

namespace kshrink::run {

PreparedConfig prepare_config(const std::string& tree_spec, const std::string& config,
                              const util::WorkDir& workdir) {
  util::Stopwatch clock;
  tree::KernelTree tree =
      tree::prepare_tree(tree_spec.empty() ? tree::default_tree : tree_spec, workdir);
  util::note("tree " + tree.source.string() + " (Linux " + tree.version + ") ready in " +
             util::seconds_text(clock.seconds()));

  util::Stopwatch tools_clock;
  auto tools = kconfig::KconfigTools::prepare(tree, workdir);
  auto [start, requested] = kconfig::load_start_config(config, tools);
  auto sanitized = kconfig::sanitize(start, tree.source, kconfig::HostFacts::detect());
  for (const auto& change : sanitized)
    util::note("sanitized " + change.symbol + ": " + change.old_value + " -> " + change.new_value +
               " (" + change.reason + ")");
  util::note("start config '" + config + "' loaded in " +
             util::seconds_text(tools_clock.seconds()));

  util::Stopwatch resolve_clock;
  kconfig::ResolvedConfig resolved = kconfig::Resolver(tools).resolve(start);
  util::note("resolved with olddefconfig in " + util::seconds_text(resolve_clock.seconds()) + ": " +
             std::to_string(resolved.config.count_enabled()) + " symbols set, hash " +
             resolved.hash.substr(0, 12));
  if (!requested.empty()) // said as merge_config.sh says it: no fragment line goes silently
    for (const auto& line :
         kconfig::unmet_requests(requested, kconfig::SymbolTable::load(tools, resolved.config)))
      util::note(line);
  return {std::move(tools), std::move(sanitized), std::move(resolved)};
}

} // namespace kshrink::run
