#include "indexer/ingest.h"

#include <SQLiteCpp/Transaction.h>

#include <unordered_map>

#include "taxonomy/concept_graph.h"

namespace km::indexer {

std::vector<core::Item> validate_records(const std::vector<SourceRecord>& records, IngestReport& report) {
  std::vector<core::Item> items;
  std::unordered_map<std::string, const SourceRecord*> seen;
  for (const SourceRecord& record : records) {
    if (!record.read_errors.empty()) {
      for (const auto& error : record.read_errors) report.rejections.push_back(describe(record, error));
      ++report.rejected_records;
      continue;
    }
    core::ItemParse parsed = core::parse_item(record.fields);
    if (!parsed.item) {
      for (const auto& error : parsed.errors) report.rejections.push_back(describe(record, error));
      ++report.rejected_records;
      continue;
    }
    auto [it, inserted] = seen.emplace(parsed.item->id, &record);
    if (!inserted) {
      report.rejections.push_back(describe(record, {"id", "'" + parsed.item->id + "' duplicates " +
                                                              it->second->file + ":" +
                                                              std::to_string(it->second->line)}));
      ++report.rejected_records;
      continue;
    }
    items.push_back(std::move(*parsed.item));
  }
  return items;
}

std::size_t index_pending(core::ItemStore& store, IndexWriter& writer, std::size_t batch_size) {
  std::size_t written = 0;
  const taxonomy::ConceptGraph graph = taxonomy::ConceptGraph::load(store.database());
  while (true) {
    std::vector<core::PendingItem> batch = store.pending(batch_size);
    if (batch.empty()) return written;
    std::vector<std::pair<std::string, std::string>> done;
    std::vector<IndexEntry> entries;
    entries.reserve(batch.size());
    for (const auto& pending : batch) {
      entries.push_back({&pending.item, graph.index_concepts(pending.item.concepts), store.votes(pending.item.id)});
      done.emplace_back(pending.item.id, pending.content_hash);
    }
    writer.put_all(entries);   // every shard at once
    writer.commit();           // the index holds these versions...
    store.mark_indexed(done);  // ...so only now may the store forget they were pending
    written += batch.size();
  }
}

IngestReport ingest(core::ItemStore& store, IndexWriter& writer, const std::vector<SourceRecord>& records,
                    const IngestOptions& options) {
  IngestReport report;
  std::vector<core::Item> items = validate_records(records, report);
  if (options.strict && report.rejected() > 0) {
    report.applied = false;
    return report;
  }
  // Leftovers of an interrupted run first, so that the store and index agree before we add.
  report.reindexed += index_pending(store, writer, options.batch_size);
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);
  for (std::size_t start = 0; start < items.size(); start += batch_size) {
    const std::size_t end = std::min(items.size(), start + batch_size);
    {
      SQLite::Transaction tx(store.database(), SQLite::TransactionBehavior::IMMEDIATE);
      for (std::size_t i = start; i < end; ++i) {
        switch (store.upsert(items[i])) {
          case core::UpsertOutcome::added: ++report.added; break;
          case core::UpsertOutcome::updated: ++report.updated; break;
          case core::UpsertOutcome::unchanged: ++report.unchanged; break;
        }
      }
      tx.commit();
    }
    report.reindexed += index_pending(store, writer, batch_size);
    if (options.progress) options.progress(end, items.size());
  }
  return report;
}

}  // namespace km::indexer
