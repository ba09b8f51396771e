// FailedRemovals: the removals that failed their checks, and what they imply about the removals
// still to come. The rounds and the splitter both learn from it.
#pragma once

#include "optimizer/engine.h"

#include <set>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// Removals that failed their checks, and what they tell about the removals to come: a
/// removal that takes away all that is left on of one of them fails too (the rest of it went
/// in removals that passed, so the needed symbol is in what is left). Inferences only, as
/// removals do not always go together (a symbol needed only while another is on is free once
/// that one goes): the 1-minimality proof still tries every symbol alone.
class FailedRemovals {
public:
  /// Adds the candidates whose verdict (as Engine::try_in_order gives them, in order) is a
  /// build or boot failure; a timeout may not happen again.
  void add_failed(const std::vector<Candidate>& candidates, const std::vector<Verdict>& verdicts);
  /// True if a removal that takes away `removing` (the removed symbols and the targets that
  /// depend on them) takes away the rest of a failed removal.
  bool implies_failure(const std::set<std::string>& removing, const Engine& engine) const;
  /// The targets known to be needed: those left alone on of a failed removal, the oldest
  /// evidence first (ordered by the last failed removal that held each: a symbol that failed
  /// again lately is the least likely to have been freed since), then the targets they depend
  /// on (removing one takes them away).
  std::vector<std::string> needed(const Engine& engine, const std::vector<Target>& targets) const;

private:
  std::vector<std::set<std::string>> failed_;
};

} // namespace kshrink::optimizer
