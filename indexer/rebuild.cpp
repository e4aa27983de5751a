#include "indexer/rebuild.h"

#include <filesystem>

#include "indexer/index_writer.h"
#include "taxonomy/concept_graph.h"

namespace km::indexer {
namespace fs = std::filesystem;

RebuildReport rebuild_index(core::ItemStore& store, const std::string& index_dir,
                            std::chrono::milliseconds lock_wait, const std::function<void(std::size_t)>& progress) {
  IndexWriter live(index_dir, lock_wait, OlderSchema::accept);  // holds the lock: no other writer while we swap
  const std::string fresh_dir = index_dir + ".rebuild";
  fs::remove_all(fresh_dir);

  RebuildReport report;
  std::vector<std::pair<std::string, std::string>> indexed;
  {
    IndexWriter fresh(fresh_dir, std::chrono::milliseconds(0));
    const taxonomy::ConceptGraph graph = taxonomy::ConceptGraph::load(store.database());
    store.for_each([&](const core::Item& item, const std::string& hash) {
      fresh.put(item, graph.index_concepts(item.concepts), store.votes(item.id));
      indexed.emplace_back(item.id, hash);
      if (progress && ++report.documents % 1000 == 0) progress(report.documents);
    });
    fresh.commit();
  }
  report.documents = indexed.size();
  const fs::path old_dir = index_dir + ".old";
  fs::remove_all(old_dir);
  fs::rename(index_dir, old_dir);
  fs::rename(fresh_dir, index_dir);
  fs::remove_all(old_dir);
  store.mark_indexed(indexed);
  return report;
}

}  // namespace km::indexer
