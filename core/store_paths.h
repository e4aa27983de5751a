#pragma once
// Layout of a --db folder: the SQLite store of record and the derived Xapian index beside it.
#include <string>

namespace km::core {

inline std::string sqlite_path(const std::string& db_dir) { return db_dir + "/km.sqlite"; }
inline std::string index_path(const std::string& db_dir) { return db_dir + "/index"; }

}  // namespace km::core
