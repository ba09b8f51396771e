// The optimizer's ConfigResolver and SymbolSource for a real tree: its own kconfig.
#pragma once

#include "kconfig/kconfig_tools.h"
#include "optimizer/search_space.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>

namespace kshrink::run {

/// olddefconfig through the tree's conf.
class TreeResolver : public optimizer::ConfigResolver {
public:
  explicit TreeResolver(const kconfig::KconfigTools& tools) : tools_(tools) {}
  kconfig::ResolvedConfig resolve(const kconfig::ConfigFile& config) override {
    return kconfig::Resolver(tools_).resolve(config);
  }

private:
  const kconfig::KconfigTools& tools_;
};

/// The symbol table from the tree's Kconfig parser. A dump takes seconds, and a search asks
/// for the table of one best config many times (after every candidate that failed, for the
/// choice switches, with a gate opened): the tables of the last few configs are kept.
class TreeSymbols : public optimizer::SymbolSource {
public:
  explicit TreeSymbols(const kconfig::KconfigTools& tools) : tools_(tools) {}
  kconfig::SymbolTable symbols(const kconfig::ConfigFile& config) override {
    std::string text = config.text(); // exact: "# X is not set" lines matter to Kconfig too
    std::lock_guard lock(mutex_);
    for (const auto& [known, table] : recent_)
      if (known == text) return table;
    recent_.emplace_front(text, kconfig::SymbolTable::load(tools_, config));
    if (recent_.size() > kept) recent_.pop_back();
    return recent_.front().second;
  }

private:
  static constexpr size_t kept = 4; // the best, the best with its gate open, and two before
  const kconfig::KconfigTools& tools_;
  std::mutex mutex_;
  std::deque<std::pair<std::string, kconfig::SymbolTable>> recent_;
};

} // namespace kshrink::run
