// VerdictStore: one SELECT and one INSERT OR IGNORE.
#include "storage/verdict_store.h"

#include <SQLiteCpp/Statement.h>

namespace kshrink::storage {

std::optional<StoredVerdict> VerdictStore::find(const VerdictKey& key) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(),
                          "SELECT verdict, bytes, tiebreak, detail, config_path, config_sha256, "
                          "log_path, log_sha256, build_seconds, boot_seconds FROM verdicts "
                          "WHERE tree_key=? AND checks=? AND objective=? AND config_hash=?");
  query.bind(1, key.tree_key);
  query.bind(2, key.checks);
  query.bind(3, key.objective);
  query.bind(4, key.config_hash);
  if (!query.executeStep()) return std::nullopt;
  return StoredVerdict{
      query.getColumn(0).getString(),          uint64_t(query.getColumn(1).getInt64()),
      uint64_t(query.getColumn(2).getInt64()), query.getColumn(3).getString(),
      query.getColumn(4).getString(),          query.getColumn(5).getString(),
      query.getColumn(6).getString(),          query.getColumn(7).getString(),
      query.getColumn(8).getDouble(),          query.getColumn(9).getDouble()};
}

void VerdictStore::put(const VerdictKey& key, const StoredVerdict& v) {
  std::lock_guard lock(mutex_);
  SQLite::Statement insert(
      db_.sql(), "INSERT OR IGNORE INTO verdicts (tree_key, checks, objective, config_hash, "
                 "verdict, bytes, tiebreak, detail, config_path, config_sha256, log_path, "
                 "log_sha256, build_seconds, boot_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, key.tree_key);
  insert.bind(2, key.checks);
  insert.bind(3, key.objective);
  insert.bind(4, key.config_hash);
  insert.bind(5, v.verdict);
  insert.bind(6, int64_t(v.bytes));
  insert.bind(7, int64_t(v.tiebreak));
  insert.bind(8, v.detail);
  insert.bind(9, v.config_path);
  insert.bind(10, v.config_sha256);
  insert.bind(11, v.log_path);
  insert.bind(12, v.log_sha256);
  insert.bind(13, v.build_seconds);
  insert.bind(14, v.boot_seconds);
  insert.exec(); // autocommit: durable before the caller acts on it
}

std::vector<StoredVerdict> VerdictStore::since(int64_t& after) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), "SELECT id, verdict, bytes, build_seconds, boot_seconds, "
                                     "detail FROM verdicts WHERE id > ? ORDER BY id");
  query.bind(1, after);
  std::vector<StoredVerdict> rows;
  while (query.executeStep()) {
    after = query.getColumn(0).getInt64();
    StoredVerdict v;
    v.verdict = query.getColumn(1).getString();
    v.bytes = uint64_t(query.getColumn(2).getInt64());
    v.build_seconds = query.getColumn(3).getDouble();
    v.boot_seconds = query.getColumn(4).getDouble();
    v.detail = query.getColumn(5).getString();
    rows.push_back(std::move(v));
  }
  return rows;
}

std::string VerdictStore::config_path(const std::string& config_hash) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), "SELECT config_path FROM verdicts WHERE config_hash=? "
                                     "AND config_path != '' LIMIT 1");
  query.bind(1, config_hash);
  return query.executeStep() ? query.getColumn(0).getString() : "";
}

int64_t VerdictStore::last_id() {
  std::lock_guard lock(mutex_);
  return db_.sql().execAndGet("SELECT coalesce(max(id), 0) FROM verdicts").getInt64();
}

int64_t VerdictStore::count() {
  std::lock_guard lock(mutex_);
  return db_.sql().execAndGet("SELECT count(*) FROM verdicts").getInt64();
}

} // namespace kshrink::storage
