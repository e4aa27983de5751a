#include "server/taxonomy_cache.h"

#include "taxonomy/scheme_store.h"

namespace km::server {

TaxonomyCache::Snapshot TaxonomyCache::snapshot() {
  std::lock_guard lock(mutex_);
  store_.with_kept([&](SQLite::Database& db, core::StatementCache& kept) {
    const long version = taxonomy::taxonomy_version(db, &kept);
    if (version != version_ || !graph_) {
      graph_ = std::make_shared<const taxonomy::ConceptGraph>(taxonomy::ConceptGraph::load(db));
      version_ = version;
    }
    return 0;
  });
  return {graph_, version_};
}

}  // namespace km::server
