// Config differences in scripts/diffconfig's order and forms.
#include "kconfig/config_diff.h"

#include <algorithm>
#include <map>

namespace kshrink::kconfig {
namespace {

/// A config's assignments by symbol; a symbol named twice keeps its last value, as diffconfig
/// (and conf) read it.
std::map<std::string, std::string> by_symbol(const ConfigFile& config) {
  std::map<std::string, std::string> values;
  for (auto& [symbol, value] : config.assignments())
    values[symbol] = value;
  return values;
}

} // namespace

std::vector<ConfigChange> diff_configs(const ConfigFile& from, const ConfigFile& to) {
  auto before = by_symbol(from), after = by_symbol(to);
  std::vector<ConfigChange> removed, changed, added;
  for (const auto& [symbol, value] : before) {
    auto it = after.find(symbol);
    if (it == after.end())
      removed.push_back({symbol, value, std::nullopt});
    else if (it->second != value)
      changed.push_back({symbol, value, it->second});
  }
  for (const auto& [symbol, value] : after)
    if (!before.contains(symbol)) added.push_back({symbol, std::nullopt, value});
  removed.insert(removed.end(), changed.begin(), changed.end());
  removed.insert(removed.end(), added.begin(), added.end());
  return removed;
}

std::string diffconfig_text(const std::vector<ConfigChange>& changes) {
  std::string text;
  for (const auto& c : changes) {
    if (!c.after)
      text += "-" + c.symbol + " " + *c.before + "\n";
    else if (!c.before)
      text += "+" + c.symbol + " " + *c.after + "\n";
    else
      text += " " + c.symbol + " " + *c.before + " -> " + *c.after + "\n";
  }
  return text;
}

std::string fragment_text(const std::vector<ConfigChange>& changes) {
  std::string text;
  for (const auto& c : changes) {
    if (!c.after) continue; // a symbol the new config does not name: no line can say so
    text += *c.after == "n" ? "# CONFIG_" + c.symbol + " is not set\n"
                            : "CONFIG_" + c.symbol + "=" + *c.after + "\n";
  }
  return text;
}

ChangeCounts count_changes(const std::vector<ConfigChange>& changes) {
  ChangeCounts counts;
  for (const auto& c : changes)
    ++(!c.after ? counts.removed : !c.before ? counts.added : counts.changed);
  return counts;
}

} // namespace kshrink::kconfig
