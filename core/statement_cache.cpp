#include "core/statement_cache.h"

namespace km::core {

SQLite::Statement& StatementCache::prepared(const std::string& sql) {
  auto& kept = statements_[sql];
  if (!kept) {
    kept = std::make_unique<SQLite::Statement>(db_, sql);
  } else {
    kept->tryReset();
    kept->clearBindings();
  }
  return *kept;
}

}  // namespace km::core
