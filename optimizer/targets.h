// Removal targets: the symbols of the best config that a mutation may switch off, with the
// bytes each is estimated to bring, in the order the search tries them.
#pragma once

#include "kconfig/symbol_table.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// One symbol the search may switch off.
struct Target {
  std::string symbol;
  uint64_t estimated_bytes = 0;
};

/// Estimates the bytes a symbol brings (0 when unknown).
using SizeEstimate = std::function<uint64_t(const kconfig::Symbol&)>;

/// Symbols that are y or m, user-settable under this config (prompt visible), bool or
/// tristate, outside choices, and not pinned. Ordered so that chunks follow the Kconfig
/// structure: menus stay together (in menu order inside), and menus come largest first by
/// their estimated bytes; symbols outside menus count as menus of their own.
std::vector<Target> removal_targets(const kconfig::SymbolTable& table,
                                    const std::set<std::string>& pinned,
                                    const SizeEstimate& estimate);

} // namespace kshrink::optimizer
