// StoredOracle: look up, else judge and store.
#include "run/stored_oracle.h"

#include "util/sha256.h"

namespace kshrink::run {
namespace {

optimizer::Verdict verdict_from(const std::string& name) {
  using optimizer::Verdict;
  for (Verdict v : {Verdict::pass, Verdict::build_failed, Verdict::boot_failed, Verdict::timeout})
    if (name == optimizer::to_string(v)) return v;
  return Verdict::infra_error;
}

std::string sha256_if_exists(const std::string& path) {
  return !path.empty() && std::filesystem::is_regular_file(path) ? util::sha256_file_hex(path) : "";
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
                     .detail = outcome.detail,
                     .config_path = outcome.config_path,
                     .config_sha256 = sha256_if_exists(outcome.config_path),
                     .log_path = outcome.log_path,
                     .log_sha256 = sha256_if_exists(outcome.log_path),
                     .build_seconds = outcome.build_seconds,
                     .boot_seconds = outcome.boot_seconds});
  return outcome;
}

} // namespace kshrink::run
