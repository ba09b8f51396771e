// Chunks: the candidates that remove groups of targets, each group sized by what its removal
// takes away (a target takes away itself and the targets that depend on it).
#pragma once

#include "optimizer/moves.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// What removing targets takes away of them: each itself and the targets that depend on it,
/// transitively (as far as their 'depends on' tell: an "A || B" may keep a dependent on).
class TakenAway {
public:
  explicit TakenAway(const std::vector<Target>& targets);
  const std::set<std::string>& of(const std::string& symbol);
  std::set<std::string> of(const std::vector<std::string>& symbols);

private:
  std::map<std::string, std::vector<std::string>> dependents_;
  std::map<std::string, std::set<std::string>> memo_;
};

/// The candidate that switches off all of `targets`, their gates turned on.
Candidate removal(const std::vector<const Target*>& targets);

/// Candidates that switch off consecutive groups of `targets`, in order, each group as large
/// as takes away at most `chunk` of them (a target takes away itself and the targets that
/// depend on it: a chunk of `chunk` menus would take away their whole subtrees); a target
/// alone may take away more. A target's gate is turned on in the same candidate. Narrow and
/// wide targets never share a candidate, and the narrow candidates come first: a failing
/// chunk of drivers never pays for recompiling the core, and the wide ones are tried
/// together, in few candidates.
std::vector<Candidate> removal_chunks(const std::vector<Target>& targets, size_t chunk);

} // namespace kshrink::optimizer
