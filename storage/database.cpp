// Database: open, pragmas, migrations in one transaction each.
#include "storage/database.h"

#include "storage/schema.h"
#include "util/error.h"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>

namespace kshrink::storage {

int current_schema_version() {
  return int(migrations().size());
}

Database::Database(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  try {
    db_ = std::make_unique<SQLite::Database>(path.string(),
                                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(10'000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    int version = schema_version();
    if (version > current_schema_version())
      throw util::EnvironmentError(path.string() + " has schema version " +
                                   std::to_string(version) + ", newer than this kshrink (" +
                                   std::to_string(current_schema_version()) + "): upgrade kshrink");
    for (int step = version; step < current_schema_version(); ++step) {
      SQLite::Transaction transaction(*db_);
      db_->exec(migrations()[size_t(step)]);
      db_->exec("PRAGMA user_version=" + std::to_string(step + 1));
      transaction.commit();
    }
  } catch (const SQLite::Exception& e) {
    std::string what = "cannot use database " + path.string();
    // SQLite says only "unable to open database file": the system says why, where it can (a
    // read-only file system is the machine's fault; no permission, a path through a file, the
    // input's). WAL needs the directory writable too, for its -wal and -shm files.
    if (e.getErrorCode() == SQLITE_CANTOPEN || e.getErrorCode() == SQLITE_READONLY) {
      std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
      for (const auto& file : {path, dir})
        if (::access(file.c_str(), W_OK) != 0 && errno != ENOENT)
          util::throw_system_error(what + " (" + e.what() + ")", errno);
    }
    throw_database_error(what, e);
  }
}

void throw_database_error(const std::string& what, const SQLite::Exception& error) {
  std::string message = what + ": " + error.what();
  switch (error.getErrorCode()) {
  case SQLITE_READONLY:
  case SQLITE_FULL:
  case SQLITE_IOERR:
  case SQLITE_NOMEM:
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
  case SQLITE_PROTOCOL:
    throw util::EnvironmentError(message);
  default:
    throw util::Error(message);
  }
}

int Database::schema_version() {
  return db_->execAndGet("PRAGMA user_version").getInt();
}

} // namespace kshrink::storage
