#pragma once
// Backup and restore of a data folder. The SQLite store is the whole of what must be kept (the
// index is derived from it): a backup is one SQLite file, copied with SQLite's online backup
// while km-server runs; a restore puts it into a new data folder and builds the index there.
#include <functional>
#include <string>

namespace km::indexer {

struct BackupReport {
  std::size_t items = 0;
  std::size_t bytes = 0;
};

// Copies the store of `db_dir` to `file` (which must not exist) from one snapshot of it, while
// writers go on (WAL mode: a reader does not block them); the copy is checked (integrity,
// schema) before it is reported done. Throws InvalidInput (file exists,
// no store) or Unavailable; a failed backup leaves no file behind.
BackupReport backup_store(const std::string& db_dir, const std::string& file);

// Restores `file` into `db_dir`, which must not hold a store yet (restoring over a live folder
// would pull the store from under a running server): checks the file is an intact store of a
// schema this version knows, copies it, then builds the index from it, in the layout `shards`
// gives (core/index_layout.h). Throws InvalidInput,
// and leaves nothing behind when it does.
BackupReport restore_store(const std::string& file, const std::string& db_dir, const std::string& shards = "1",
                           const std::function<void(std::size_t)>& progress = {});

}  // namespace km::indexer
