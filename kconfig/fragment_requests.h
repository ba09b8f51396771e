// What config fragments asked for, against what the tree's Kconfig made of it: each fragment
// line the resolved config does not honour is reported, naming the symbol and why (conf and
// merge_config.sh warn about these too; kshrink never drops a line without a word).
#pragma once

#include "kconfig/symbol_table.h"

#include <string>
#include <vector>

namespace kshrink::kconfig {

/// One assignment of a fragment merged over a start config.
struct FragmentRequest {
  std::string fragment; ///< the fragment file, as the user named it
  std::string symbol;   ///< without CONFIG_
  std::string value;    ///< as written: y, m, n, "string", 123, 0x1f
};

/// One line for each request that `table` (the symbol table of the resolved config) does not
/// honour: "fragment F: CONFIG_X=v dropped: ..." with the reason (no such symbol, a
/// dependency off, selected by another symbol, no prompt, another choice member...).
std::vector<std::string> unmet_requests(const std::vector<FragmentRequest>& requests,
                                        const SymbolTable& table);

} // namespace kshrink::kconfig
