// Strategy `ddmin`: delta debugging over the removal targets, largest estimated first.
#pragma once

#include "optimizer/strategy.h"

namespace kshrink::optimizer {

/// Tries to remove chunks of targets, halving the chunk size when a whole round fails,
/// switches choices, and ends with single symbols until a round changes nothing: the result
/// is 1-minimal.
class DdminStrategy : public Strategy {
public:
  void run(Engine& engine) override;
};

} // namespace kshrink::optimizer
