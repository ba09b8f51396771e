// StoredOracle: an Oracle that answers from the verdict store when it can and stores every new
// verdict (committed) before the engine acts on it. This is what makes runs resumable and lets
// a second run on the same tree, checks and objective reuse the first one's verdicts.
#pragma once

#include "optimizer/search_space.h"
#include "storage/verdict_store.h"

namespace kshrink::run {

/// Verdict store in front of a real (or synthetic) oracle.
class StoredOracle : public optimizer::Oracle {
public:
  /// `scope` gives tree_key, checks and objective; its config_hash is ignored.
  StoredOracle(optimizer::Oracle& inner, storage::VerdictStore& store, storage::VerdictKey scope)
      : inner_(inner), store_(store), scope_(std::move(scope)) {}

  optimizer::Outcome judge(const kconfig::ResolvedConfig& config,
                           const std::atomic<bool>* cancel) override;

private:
  optimizer::Oracle& inner_;
  storage::VerdictStore& store_;
  storage::VerdictKey scope_;
};

} // namespace kshrink::run
