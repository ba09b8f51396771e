// RunStore: plain statements, each its own committed transaction.
#include "storage/run_store.h"

#include <SQLiteCpp/Statement.h>

namespace kshrink::storage {
namespace {

RunRecord run_from(SQLite::Statement& q) {
  RunRecord r;
  r.id = q.getColumn(0).getInt64();
  r.state = parse_run_state(q.getColumn(1).getString());
  r.tree_key = q.getColumn(2).getString();
  r.tree_version = q.getColumn(3).getString();
  r.checks = q.getColumn(4).getString();
  r.objective = q.getColumn(5).getString();
  r.strategy = q.getColumn(6).getString();
  r.settings_json = q.getColumn(7).getString();
  r.start_hash = q.getColumn(8).getString();
  r.start_bytes = uint64_t(q.getColumn(9).getInt64());
  r.best_hash = q.getColumn(10).getString();
  r.best_bytes = uint64_t(q.getColumn(11).getInt64());
  r.error = q.getColumn(12).getString();
  r.created_at = q.getColumn(13).getString();
  r.updated_at = q.getColumn(14).getString();
  r.spent_builds = q.getColumn(15).getInt64();
  r.spent_seconds = q.getColumn(16).getInt64();
  r.cancel_requested = q.getColumn(17).getInt() != 0;
  return r;
}

constexpr const char* run_columns =
    "SELECT id, state, tree_key, tree_version, checks, objective, strategy, settings_json, "
    "coalesce(start_hash,''), coalesce(start_bytes,0), coalesce(best_hash,''), "
    "coalesce(best_bytes,0), coalesce(error,''), created_at, updated_at, spent_builds, "
    "spent_seconds, cancel_requested FROM runs";

} // namespace

int64_t RunStore::create(const RunRecord& run) {
  std::lock_guard lock(mutex_);
  SQLite::Statement insert(db_.sql(), "INSERT INTO runs (state, tree_key, tree_version, checks, "
                                      "objective, strategy, settings_json) VALUES (?,?,?,?,?,?,?)");
  insert.bind(1, to_string(run.state));
  insert.bind(2, run.tree_key);
  insert.bind(3, run.tree_version);
  insert.bind(4, run.checks);
  insert.bind(5, run.objective);
  insert.bind(6, run.strategy);
  insert.bind(7, run.settings_json);
  insert.exec();
  return db_.sql().getLastInsertRowid();
}

std::optional<RunRecord> RunStore::get(int64_t id) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), std::string(run_columns) + " WHERE id=?");
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  return run_from(query);
}

std::vector<RunRecord> RunStore::list(size_t limit, std::optional<int64_t> before) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(),
                          std::string(run_columns) + " WHERE id < ? ORDER BY id DESC LIMIT ?");
  query.bind(1, before.value_or(INT64_MAX));
  query.bind(2, int64_t(std::min<size_t>(limit, INT64_MAX)));
  std::vector<RunRecord> runs;
  while (query.executeStep())
    runs.push_back(run_from(query));
  return runs;
}

std::map<RunState, size_t> RunStore::count_by_state() {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), "SELECT state, COUNT(*) FROM runs GROUP BY state");
  std::map<RunState, size_t> counts;
  while (query.executeStep())
    counts[parse_run_state(query.getColumn(0).getString())] = size_t(query.getColumn(1).getInt64());
  return counts;
}

std::vector<RunRecord> RunStore::records_with_state(RunState state) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), std::string(run_columns) + " WHERE state=? ORDER BY id");
  query.bind(1, to_string(state));
  std::vector<RunRecord> runs;
  while (query.executeStep())
    runs.push_back(run_from(query));
  return runs;
}

void RunStore::set_state(int64_t id, RunState state, const std::string& error) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET state=?, error=?, updated_at="
                                      "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?");
  update.bind(1, to_string(state));
  update.bind(2, error);
  update.bind(3, id);
  update.exec();
}

void RunStore::set_start(int64_t id, const std::string& hash, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET start_hash=?, start_bytes=?, best_hash=?, "
                                      "best_bytes=? WHERE id=?");
  update.bind(1, hash);
  update.bind(2, int64_t(bytes));
  update.bind(3, hash);
  update.bind(4, int64_t(bytes));
  update.bind(5, id);
  update.exec();
}

void RunStore::request_cancel(int64_t id) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET cancel_requested=1 WHERE id=?");
  update.bind(1, id);
  update.exec();
}

void RunStore::set_spent(int64_t id, int64_t builds, int64_t seconds) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET spent_builds=?, spent_seconds=? WHERE id=?");
  update.bind(1, builds);
  update.bind(2, seconds);
  update.bind(3, id);
  update.exec();
}

void RunStore::set_tree(int64_t id, const std::string& tree_key, const std::string& tree_version) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET tree_key=?, tree_version=? WHERE id=?");
  update.bind(1, tree_key);
  update.bind(2, tree_version);
  update.bind(3, id);
  update.exec();
}

std::vector<int64_t> RunStore::with_state(RunState state) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), "SELECT id FROM runs WHERE state=? ORDER BY id");
  query.bind(1, to_string(state));
  std::vector<int64_t> ids;
  while (query.executeStep())
    ids.push_back(query.getColumn(0).getInt64());
  return ids;
}

void RunStore::set_best(int64_t id, const std::string& hash, uint64_t bytes) {
  std::lock_guard lock(mutex_);
  SQLite::Statement update(db_.sql(), "UPDATE runs SET best_hash=?, best_bytes=?, updated_at="
                                      "strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?");
  update.bind(1, hash);
  update.bind(2, int64_t(bytes));
  update.bind(3, id);
  update.exec();
}

void RunStore::add_trial(int64_t id, const TrialRecord& t) {
  std::lock_guard lock(mutex_);
  // A resumed run replays its trials first (answered from the verdicts): they are stored once.
  SQLite::Statement insert(db_.sql(),
                           "INSERT INTO trials (run_id, parent_hash, mutations, config_hash, "
                           "verdict, accepted, computed, bytes, builds, seconds) "
                           "SELECT ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10 "
                           "WHERE NOT EXISTS (SELECT 1 FROM trials WHERE run_id=?1 AND "
                           "parent_hash=?2 AND mutations=?3 AND config_hash=?4)");
  insert.bind(1, id);
  insert.bind(2, t.parent_hash);
  insert.bind(3, t.mutations_json);
  insert.bind(4, t.config_hash);
  insert.bind(5, t.verdict);
  insert.bind(6, int(t.accepted));
  insert.bind(7, int(t.computed));
  insert.bind(8, int64_t(t.bytes));
  insert.bind(9, t.builds);
  insert.bind(10, t.seconds);
  insert.exec();
}

void RunStore::add_best_point(int64_t id, const BestPoint& p) {
  std::lock_guard lock(mutex_);
  SQLite::Statement insert(db_.sql(), "INSERT OR IGNORE INTO best_history (run_id, seq, bytes, "
                                      "config_hash, builds, seconds, mutations) "
                                      "VALUES (?,?,?,?,?,?,?)");
  insert.bind(1, id);
  insert.bind(2, p.seq);
  insert.bind(3, int64_t(p.bytes));
  insert.bind(4, p.config_hash);
  insert.bind(5, p.builds);
  insert.bind(6, p.seconds);
  insert.bind(7, p.mutations_json);
  insert.exec();
}

std::vector<BestPoint> RunStore::best_history(int64_t id) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), "SELECT seq, bytes, config_hash, builds, seconds, mutations "
                                     "FROM best_history WHERE run_id=? ORDER BY seq");
  query.bind(1, id);
  std::vector<BestPoint> points;
  while (query.executeStep())
    points.push_back({query.getColumn(0).getInt64(), uint64_t(query.getColumn(1).getInt64()),
                      query.getColumn(2).getString(), query.getColumn(3).getInt64(),
                      query.getColumn(4).getDouble(), query.getColumn(5).getString()});
  return points;
}

std::vector<TrialRecord> RunStore::trials(int64_t id, bool built_only) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(),
                          std::string("SELECT parent_hash, mutations, config_hash, verdict, "
                                      "accepted, computed, bytes, builds, seconds FROM trials "
                                      "WHERE run_id=?") +
                              (built_only ? " AND computed=1" : "") + " ORDER BY id");
  query.bind(1, id);
  std::vector<TrialRecord> trials;
  while (query.executeStep())
    trials.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                      query.getColumn(2).getString(), query.getColumn(3).getString(),
                      query.getColumn(4).getInt() != 0, query.getColumn(5).getInt() != 0,
                      uint64_t(query.getColumn(6).getInt64()), query.getColumn(7).getInt64(),
                      query.getColumn(8).getDouble()});
  return trials;
}

std::map<std::string, int64_t> RunStore::trial_counts(int64_t id, bool built_only) {
  std::lock_guard lock(mutex_);
  SQLite::Statement query(db_.sql(), std::string("SELECT verdict, count(*) FROM trials WHERE "
                                                 "run_id=?") +
                                         (built_only ? " AND computed=1" : "") +
                                         " GROUP BY verdict");
  query.bind(1, id);
  std::map<std::string, int64_t> counts;
  while (query.executeStep())
    counts[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
  return counts;
}

} // namespace kshrink::storage
