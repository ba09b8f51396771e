// Strategy `split`: generalized binary splitting (Hwang) over the removal targets.
#pragma once

#include "optimizer/strategy.h"

namespace kshrink::optimizer {

/// Removes groups of targets sized by the share of needed symbols found so far; a group that
/// fails is halved until the needed symbol in it is isolated, its passing halves removed on
/// the way. Then switches choices and ends with single symbols until a round changes
/// nothing: the result is 1-minimal.
class SplitStrategy : public Strategy {
public:
  void run(Engine& engine) override;
};

} // namespace kshrink::optimizer
