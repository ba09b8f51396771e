// VerdictStore: verdicts by resolved config, shared by every run on the same tree, checks and
// objective, so no config is ever built and booted twice. Each put is committed at once.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kshrink::storage {

/// What a verdict is about.
struct VerdictKey {
  std::string tree_key, checks, objective, config_hash;
};

/// A stored verdict, with where its artifacts are on disk and their sha256.
struct StoredVerdict {
  std::string verdict; ///< pass, build_failed, boot_failed, timeout
  uint64_t bytes = 0, tiebreak = 0;
  std::string detail;
  std::string config_path, config_sha256, log_path, log_sha256;
  double build_seconds = 0, boot_seconds = 0;
};

/// Verdicts in the database; safe to use from several threads.
class VerdictStore {
public:
  explicit VerdictStore(Database& database) : db_(database) {}
  /// The verdict for `key`, if one was stored.
  std::optional<StoredVerdict> find(const VerdictKey& key);
  /// Stores the verdict for `key` and commits; an existing verdict is kept (first one wins).
  void put(const VerdictKey& key, const StoredVerdict& verdict);
  /// Where the config with resolved hash `config_hash` was saved ("" if never judged).
  std::string config_path(const std::string& config_hash);
  /// Verdicts stored after row `after` (0: all), in order; `after` moves to the last one read.
  /// The metrics count builds and boots from these.
  std::vector<StoredVerdict> since(int64_t& after);
  /// The id of the newest verdict (0 if none).
  int64_t last_id();
  /// Number of verdicts stored.
  int64_t count();

private:
  Database& db_;
  std::mutex mutex_;
};

} // namespace kshrink::storage
