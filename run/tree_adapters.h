// The optimizer's ConfigResolver and SymbolSource for a real tree: its own kconfig.
#pragma once

#include "kconfig/kconfig_tools.h"
#include "optimizer/search_space.h"

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

/// The symbol table from the tree's Kconfig parser.
class TreeSymbols : public optimizer::SymbolSource {
public:
  explicit TreeSymbols(const kconfig::KconfigTools& tools) : tools_(tools) {}
  kconfig::SymbolTable symbols(const kconfig::ConfigFile& config) override {
    return kconfig::SymbolTable::load(tools_, config);
  }

private:
  const kconfig::KconfigTools& tools_;
};

} // namespace kshrink::run
