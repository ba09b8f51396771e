// Strategy: decides which candidates to try, in which order; the Engine does the rest.
#pragma once

#include "optimizer/engine.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kshrink::optimizer {

/// A search strategy: runs until it has nothing left to try or the budget is spent.
class Strategy {
public:
  virtual ~Strategy() = default;
  virtual void run(Engine& engine) = 0;
};

/// A strategy users can name.
struct StrategyEntry {
  std::string name;
  std::string description;
  std::function<std::unique_ptr<Strategy>()> make;
};

/// Every strategy, the default first: the one list the CLI, API and metrics use.
const std::vector<StrategyEntry>& strategy_entries();

/// The strategy named `name`; throws util::Error listing the valid names.
std::unique_ptr<Strategy> make_strategy(const std::string& name);

} // namespace kshrink::optimizer
