// StoredOracle: look up, else judge and store.
#include "run/stored_oracle.h"

#include "util/sha256.h"

namespace kshrink::run {
namespace {

std::string sha256_if_exists(const std::string& path) {
  return !path.empty() && std::filesystem::is_regular_file(path) ? util::sha256_file_hex(path) : "";
}

} // namespace

optimizer::Outcome StoredOracle::judge(const kconfig::ResolvedConfig& config,
                                       const std::atomic<bool>* cancel) {
  storage::VerdictKey key = scope_;
  key.config_hash = config.hash;
  if (auto stored = store_.find(key))
    return {optimizer::verdict_named(stored->verdict).value_or(optimizer::Verdict::infra_error),
            stored->bytes, stored->tiebreak, false, stored->detail};
  optimizer::Outcome outcome = inner_.judge(config, cancel);
  if (optimizer::meaning(outcome.verdict).stored)
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
