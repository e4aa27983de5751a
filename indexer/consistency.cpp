#include "indexer/consistency.h"

#include <limits>
#include <map>
#include <set>

#include "core/index_schema.h"
#include "indexer/ingest.h"
#include "core/signal_store.h"
#include "taxonomy/concept_graph.h"

namespace km::indexer {
namespace schema = core::schema;
namespace {

// Every document's item id and indexed content hash.
std::map<std::string, std::string> indexed_versions(const Xapian::Database& index) {
  std::map<std::string, std::string> out;
  for (auto t = index.allterms_begin(std::string(schema::kIdPrefix)); t != index.allterms_end(std::string(schema::kIdPrefix)); ++t) {
    const std::string term = *t;
    for (auto p = index.postlist_begin(term); p != index.postlist_end(term); ++p) {
      out[term.substr(schema::kIdPrefix.size())] = index.get_document(*p).get_value(schema::kHashSlot);
    }
  }
  return out;
}

}  // namespace

ConsistencyReport check_index(core::ItemStore& store, const Xapian::Database& index) {
  ConsistencyReport report;
  std::map<std::string, std::string> indexed = indexed_versions(index);
  report.documents = index.get_doccount();
  std::set<std::string> pending;
  for (const auto& p : store.pending(std::numeric_limits<std::size_t>::max())) pending.insert(p.item.id);
  store.for_each([&](const core::Item& item, const std::string& hash) {
    ++report.items;
    const auto found = indexed.find(item.id);
    if (pending.count(item.id)) report.pending.push_back(item.id);
    else if (found == indexed.end()) report.missing.push_back(item.id);
    else if (found->second != hash) report.stale.push_back(item.id);
    if (found != indexed.end()) indexed.erase(found);
  });
  for (const auto& [id, hash] : indexed) report.extra.push_back(id);
  return report;
}

void repair_index(core::ItemStore& store, IndexWriter& writer, const ConsistencyReport& found) {
  const taxonomy::ConceptGraph graph = taxonomy::ConceptGraph::load(store.database());
  core::SignalStore signals(store.database());
  std::vector<std::pair<std::string, std::string>> done;
  for (const auto* ids : {&found.missing, &found.stale}) {
    for (const std::string& id : *ids) {
      const auto item = store.get(id);
      if (!item) continue;  // gone since the check
      writer.put(*item, graph.index_concepts(item->concepts), signals.votes(id));
      done.emplace_back(id, item->content_hash());
    }
  }
  for (const std::string& id : found.extra) {
    if (!store.contains(id)) writer.remove(id);
  }
  writer.commit();
  store.mark_indexed(done);
  index_pending(store, writer);
}

}  // namespace km::indexer
