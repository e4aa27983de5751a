#include "core/statement_cache.h"

namespace km::core {

SQLite::Statement& StatementCache::prepared(const std::string& sql) {
  auto& kept = statements_[sql];
  if (!kept) kept = std::make_unique<SQLite::Statement>(db_, sql);
  else kept->clearBindings();  // run() reset it after its last use
  return *kept;
}

}  // namespace km::core
