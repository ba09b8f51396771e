// Database: the SQLite file behind kshrink (through SQLiteCpp): opened in WAL mode with a busy
// timeout, its schema brought to the current version with the migrations in schema.cpp
// (tracked in PRAGMA user_version).
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <string>

namespace kshrink::storage {

/// The schema version this build of kshrink writes.
int current_schema_version();

/// Throws "`what`: SQLite's message" in the tier it belongs to (util/error.h): the machine's
/// when the database cannot be written or read back (read-only, full, an I/O error, no memory,
/// locked past the busy timeout), else the input's (not a database, corrupt, a path SQLite
/// cannot open).
[[noreturn]] void throw_database_error(const std::string& what, const SQLite::Exception& error);

/// An open, migrated database.
class Database {
public:
  /// Opens (creating if needed) and migrates `path`. Throws util::Error naming the file if it
  /// is not a kshrink database, is from a newer kshrink, or cannot be opened.
  explicit Database(const std::filesystem::path& path);

  /// The connection, for the stores in this folder.
  SQLite::Database& sql() { return *db_; }
  /// The schema version found on disk after migrating.
  int schema_version();

private:
  std::unique_ptr<SQLite::Database> db_;
};

} // namespace kshrink::storage
