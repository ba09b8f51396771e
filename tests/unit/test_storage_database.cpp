// Unit tests for storage: a real SQLite file: schema version, WAL, verdicts kept across
// reopening, first verdict wins, refusal of files that are not kshrink databases.
#include "storage/database.h"
#include "storage/run_store.h"
#include "storage/schema.h"
#include "storage/verdict_store.h"
#include "tests/test_support.h"
#include "util/error.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

using namespace kshrink;

TEST_CASE("a new database is migrated to the current schema in WAL mode") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  CHECK(db.schema_version() == storage::current_schema_version());
  CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db.sql().tableExists("runs"));
  CHECK(db.sql().tableExists("verdicts"));
}

TEST_CASE("verdicts survive reopening, and the first verdict for a config wins") {
  auto dir = test::temp_dir();
  storage::VerdictKey key{"tree", "boot,ext4", "bzimage", "abc123"};
  {
    storage::Database db(dir.path() / "kshrink.db");
    storage::VerdictStore store(db);
    CHECK_FALSE(store.find(key));
    store.put(key, {.verdict = "pass", .bytes = 701440, .tiebreak = 1500000, .log_path = "/l"});
    store.put(key, {.verdict = "boot_failed"});
    CHECK(store.count() == 1);
  } // no clean shutdown needed: every put is committed
  storage::Database db(dir.path() / "kshrink.db");
  storage::VerdictStore store(db);
  auto found = store.find(key);
  REQUIRE(found);
  CHECK(found->verdict == "pass");
  CHECK(found->bytes == 701440);
  CHECK(found->tiebreak == 1500000);
  CHECK_FALSE(store.find({"tree", "boot", "bzimage", "abc123"})); // other checks: other verdict
}

TEST_CASE("a file that is not a database is refused with its name") {
  auto dir = test::temp_dir();
  util::write_file_atomic(dir.path() / "notes.txt", std::string(4096, 'x'));
  CHECK_THROWS_WITH_AS(storage::Database(dir.path() / "notes.txt"), doctest::Contains("notes.txt"),
                       util::Error);
}

TEST_CASE("a database that cannot be written is the machine's fault, a garbage one the input's") {
  auto exit_code_of = [](int sqlite_code) {
    try {
      storage::throw_database_error("the database", SQLite::Exception("sqlite says", sqlite_code));
    } catch (const util::Error& e) {
      CHECK(std::string(e.what()) == "the database: sqlite says");
      return e.exit_code();
    }
    return -1;
  };
  for (int code : {SQLITE_READONLY, SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY})
    CHECK(exit_code_of(code) == util::exit_codes::environment);
  for (int code : {SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_CANTOPEN})
    CHECK(exit_code_of(code) == util::exit_codes::bad_input);
}

TEST_CASE("a database from a newer kshrink is refused") {
  auto dir = test::temp_dir();
  {
    storage::Database db(dir.path() / "kshrink.db");
    db.sql().exec("PRAGMA user_version=999");
  }
  CHECK_THROWS_WITH_AS(storage::Database(dir.path() / "kshrink.db"),
                       doctest::Contains("newer than this kshrink"), util::Error);
}

TEST_CASE("a database from before the timeout split names each timeout the build's or the boot's") {
  auto dir = test::temp_dir();
  {
    // A database as version 2 made it, with one "timeout" for both.
    SQLite::Database v2((dir.path() / "kshrink.db").string(),
                        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    v2.exec(storage::migrations()[0]);
    v2.exec(storage::migrations()[1]);
    v2.exec("PRAGMA user_version=2");
    v2.exec("INSERT INTO runs (id, state, tree_key, tree_version, checks, objective, strategy, "
            "settings_json) VALUES (1, 'done', 't', '6.1', 'c', 'o', 'ddmin', '{}')");
    v2.exec("INSERT INTO verdicts (tree_key, checks, objective, config_hash, verdict, "
            "boot_seconds) VALUES ('t','c','o','built','timeout',300), "
            "('t','c','o','hung','timeout',0)");
    v2.exec("INSERT INTO trials (run_id, parent_hash, mutations, config_hash, verdict, "
            "accepted, computed) VALUES (1, 'p', '[]', 'built', 'timeout', 0, 1)");
  }
  storage::Database db(dir.path() / "kshrink.db");
  CHECK(db.schema_version() == storage::current_schema_version());
  storage::VerdictStore store(db);
  CHECK(store.find({"t", "c", "o", "built"})->verdict == "boot_timeout");
  CHECK(store.find({"t", "c", "o", "hung"})->verdict == "build_timeout");
  CHECK(db.sql().execAndGet("SELECT verdict FROM trials").getString() == "boot_timeout");
  storage::RunStore runs(db);
  CHECK_FALSE(runs.get(1)->cancel_requested);
  runs.request_cancel(1);
  CHECK(runs.get(1)->cancel_requested);
  CHECK(runs.get(1)->state == storage::RunState::done); // a request, not yet a state
}

TEST_CASE("a run with its trials and best history is read back") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  storage::RunStore runs(db);
  int64_t id = runs.create({.state = storage::RunState::running,
                            .tree_key = "t",
                            .tree_version = "6.1.192",
                            .checks = "boot",
                            .objective = "bzimage",
                            .strategy = "ddmin",
                            .settings_json = "{}"});
  runs.set_start(id, "h0", 1000);
  runs.add_trial(id, {"h0", "[]", "h1", "boot_failed", false, true, 0, 1, 40});
  runs.add_trial(id, {"h0", "[]", "h2", "pass", true, true, 900, 2, 95});
  runs.add_trial(id, {"h0", "[]", "h1", "boot_failed", false, false, 0, 3, 99}); // a replay
  runs.add_best_point(id, {1, 900, "h2", 2, 12.5, "[]"});
  runs.add_best_point(id, {1, 900, "h2", 2, 0.5, "[]"}); // replayed: the first record stays
  runs.set_best(id, "h2", 900);
  runs.set_spent(id, 2, 95);
  runs.set_state(id, storage::RunState::done);
  auto run = runs.get(id);
  REQUIRE(run);
  CHECK(run->state == storage::RunState::done);
  CHECK(run->start_bytes == 1000);
  CHECK(run->best_bytes == 900);
  CHECK(run->best_hash == "h2");
  CHECK(runs.best_history(id).size() == 1);
  CHECK(runs.best_history(id)[0].seconds == 12.5);
  CHECK(runs.trial_counts(id).at("boot_failed") == 1);
  CHECK(runs.trial_counts(id, true).size() == 2);
  auto trials = runs.trials(id);
  REQUIRE(trials.size() == 2); // the replay is stored once, with its first budget figures
  CHECK(trials[0].builds == 1);
  CHECK(trials[0].seconds == 40);
  CHECK(trials[1].verdict == "pass");
  CHECK(trials[1].accepted);
  CHECK(trials[1].bytes == 900);
  CHECK(trials[1].builds == 2);
  CHECK(run->spent_builds == 2);
  CHECK(run->spent_seconds == 95);
  CHECK(runs.list().front().id == id);
  CHECK_FALSE(runs.get(id + 1));
}

TEST_CASE("runs counted by state, and the runs of one state read whole") {
  auto dir = test::temp_dir();
  storage::Database db(dir.path() / "kshrink.db");
  storage::RunStore runs(db);
  for (auto state : {storage::RunState::queued, storage::RunState::running,
                     storage::RunState::running, storage::RunState::done})
    runs.create({.state = state, .checks = "boot", .objective = "bzimage", .strategy = "ddmin"});
  auto counts = runs.count_by_state();
  CHECK(counts.at(storage::RunState::queued) == 1);
  CHECK(counts.at(storage::RunState::running) == 2);
  CHECK(counts.at(storage::RunState::done) == 1);
  CHECK_FALSE(counts.contains(storage::RunState::failed));
  auto running = runs.records_with_state(storage::RunState::running);
  REQUIRE(running.size() == 2);
  CHECK(running[0].id == 2);
  CHECK(running[1].id == 3);
  CHECK(runs.list(2).size() == 2);
  CHECK(runs.list(10, 2).size() == 1);
}
