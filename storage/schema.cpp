// The schema as migrations: v1 runs, verdicts shared across runs, each run's trials and its
// best-size history; v2 what each run has spent of its budget, so a resume goes on with the rest;
// v3 a timeout split into the build's and the boot's, and a run's cancel request; v4 how much of
// the budget each trial came after (for the convergence chart).
#include "storage/schema.h"

namespace kshrink::storage {

const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {
      R"sql(
        CREATE TABLE runs (
          id            INTEGER PRIMARY KEY,
          created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          state         TEXT NOT NULL,          -- queued, running, interrupted, done, failed, cancelled
          tree_key      TEXT NOT NULL,
          tree_version  TEXT NOT NULL,
          checks        TEXT NOT NULL,          -- "boot,ext4"
          objective     TEXT NOT NULL,          -- "bzimage"
          strategy      TEXT NOT NULL,
          settings_json TEXT NOT NULL,          -- everything needed to resume
          start_hash    TEXT,
          start_bytes   INTEGER,
          best_hash     TEXT,
          best_bytes    INTEGER,
          error         TEXT
        );
        -- A verdict belongs to a resolved config judged on one tree, with one check list, for one
        -- objective: any run with the same three reuses it instead of building again.
        CREATE TABLE verdicts (
          id            INTEGER PRIMARY KEY,
          tree_key      TEXT NOT NULL,
          checks        TEXT NOT NULL,
          objective     TEXT NOT NULL,
          config_hash   TEXT NOT NULL,
          verdict       TEXT NOT NULL,          -- a stored verdict (optimizer/verdict.cpp)
          bytes         INTEGER NOT NULL DEFAULT 0,
          tiebreak      INTEGER NOT NULL DEFAULT 0,
          detail        TEXT NOT NULL DEFAULT '',
          config_path   TEXT NOT NULL DEFAULT '',
          config_sha256 TEXT NOT NULL DEFAULT '',
          log_path      TEXT NOT NULL DEFAULT '',
          log_sha256    TEXT NOT NULL DEFAULT '',
          build_seconds REAL NOT NULL DEFAULT 0,
          boot_seconds  REAL NOT NULL DEFAULT 0,
          created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
          UNIQUE (tree_key, checks, objective, config_hash)
        );
        CREATE TABLE trials (
          id          INTEGER PRIMARY KEY,
          run_id      INTEGER NOT NULL REFERENCES runs(id),
          parent_hash TEXT NOT NULL,
          mutations   TEXT NOT NULL,            -- JSON [{"symbol":..,"value":..}]
          config_hash TEXT NOT NULL,
          verdict     TEXT NOT NULL,            -- as seen by the run: too_big, unchanged...
          accepted    INTEGER NOT NULL,
          computed    INTEGER NOT NULL,         -- a build was spent (not a cache hit)
          bytes       INTEGER NOT NULL DEFAULT 0,
          created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        );
        CREATE INDEX trials_by_run ON trials(run_id, id);
        CREATE TABLE best_history (
          run_id     INTEGER NOT NULL REFERENCES runs(id),
          seq        INTEGER NOT NULL,
          bytes      INTEGER NOT NULL,
          config_hash TEXT NOT NULL,
          builds     INTEGER NOT NULL,
          seconds    REAL NOT NULL,
          mutations  TEXT NOT NULL,
          PRIMARY KEY (run_id, seq)
        );
      )sql",
      R"sql(
        ALTER TABLE runs ADD COLUMN spent_builds INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN spent_seconds INTEGER NOT NULL DEFAULT 0;
      )sql",
      R"sql(
        UPDATE verdicts SET verdict = CASE WHEN boot_seconds > 0 THEN 'boot_timeout'
                                           ELSE 'build_timeout' END
          WHERE verdict = 'timeout';
        UPDATE trials SET verdict = COALESCE(
            (SELECT v.verdict FROM verdicts v JOIN runs r ON r.tree_key = v.tree_key
              WHERE r.id = trials.run_id AND v.config_hash = trials.config_hash
                AND v.verdict LIKE '%timeout' LIMIT 1), 'build_timeout')
          WHERE verdict = 'timeout';
        ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
      )sql",
      R"sql(
        ALTER TABLE trials ADD COLUMN builds INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE trials ADD COLUMN seconds REAL NOT NULL DEFAULT 0;
      )sql",
  };
  return steps;
}

} // namespace kshrink::storage
