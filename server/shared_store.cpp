#include "server/shared_store.h"

#include "core/database.h"

namespace km::server {

SharedStore::SharedStore(const std::string& path) : db_(core::open_database(path)) {}

}  // namespace km::server
