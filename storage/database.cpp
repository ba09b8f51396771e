// Database: open, pragmas, migrations in one transaction each.
#include "storage/database.h"

#include "storage/schema.h"
#include "util/error.h"

#include <SQLiteCpp/Transaction.h>

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
    throw util::Error("cannot use database " + path.string() + ": " + e.what());
  }
}

int Database::schema_version() {
  return db_->execAndGet("PRAGMA user_version").getInt();
}

} // namespace kshrink::storage
