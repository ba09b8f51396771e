// StoredOracle: look up, else judge and store.
#include "run/stored_oracle.h"

namespace kshrink::run {
namespace {

optimizer::Verdict verdict_from(const std::string& name) {
  using optimizer::Verdict;
  for (Verdict v : {Verdict::pass, Verdict::build_failed, Verdict::boot_failed, Verdict::timeout})
    if (name == optimizer::to_string(v)) return v;
  return Verdict::infra_error;
}

} // namespace

bool is_verdict_on_config(optimizer::Verdict verdict) {
  using optimizer::Verdict;
  return verdict == Verdict::pass || verdict == Verdict::build_failed ||
         verdict == Verdict::boot_failed || verdict == Verdict::timeout;
}

optimizer::Outcome StoredOracle::judge(const kconfig::ResolvedConfig& config,
                                       const std::atomic<bool>* cancel) {
  storage::VerdictKey key = scope_;
  key.config_hash = config.hash;
  if (auto stored = store_.find(key))
    return {verdict_from(stored->verdict), stored->bytes, stored->tiebreak, false, stored->detail};
  optimizer::Outcome outcome = inner_.judge(config, cancel);
  if (is_verdict_on_config(outcome.verdict))
    store_.put(key, {.verdict = optimizer::to_string(outcome.verdict),
                     .bytes = outcome.bytes,
                     .tiebreak = outcome.tiebreak,
                     .detail = outcome.detail});
  return outcome;
}

} // namespace kshrink::run
