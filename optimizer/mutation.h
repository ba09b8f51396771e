// Mutation: one change a candidate makes to the best config (a symbol set to a value).
#pragma once

#include <string>
#include <vector>

namespace kshrink::optimizer {

/// Set `symbol` to `value` ("n" removes it, "y" turns a gate or a choice member on).
struct Mutation {
  std::string symbol;
  std::string value;
};
using Candidate = std::vector<Mutation>;

/// The symbols a candidate switches off, in its order.
inline std::vector<std::string> removed_symbols(const Candidate& candidate) {
  std::vector<std::string> symbols;
  for (const auto& mutation : candidate)
    if (mutation.value == "n") symbols.push_back(mutation.symbol);
  return symbols;
}

/// How reports show a mutation: a removal by the symbol's name, anything else as NAME=value.
inline std::string describe(const Mutation& mutation) {
  return mutation.value == "n" ? mutation.symbol : mutation.symbol + "=" + mutation.value;
}

} // namespace kshrink::optimizer
