#include "indexer/ingest.h"

#include <SQLiteCpp/Transaction.h>

#include <future>
#include <memory>
#include <unordered_map>

#include "core/signal_store.h"
#include "taxonomy/concept_graph.h"

namespace km::indexer {

std::vector<core::Item> RecordValidator::validate(const std::vector<SourceRecord>& records, IngestReport& report) {
  std::vector<core::Item> items;
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
    auto [it, inserted] = seen_.emplace(parsed.item->id, record.file + ":" + std::to_string(record.line));
    if (!inserted) {
      report.rejections.push_back(describe(record, {"id", "'" + parsed.item->id + "' duplicates " + it->second}));
      ++report.rejected_records;
      continue;
    }
    items.push_back(std::move(*parsed.item));
  }
  return items;
}

std::vector<core::Item> validate_records(const std::vector<SourceRecord>& records, IngestReport& report) {
  return RecordValidator().validate(records, report);
}

std::size_t index_pending(core::ItemStore& store, IndexWriter& writer, std::size_t batch_size) {
  std::size_t written = 0;
  const taxonomy::ConceptGraph graph = taxonomy::ConceptGraph::load(store.database());
  core::SignalStore signals(store.database());
  while (true) {
    std::vector<core::PendingItem> batch = store.pending(batch_size);
    if (batch.empty()) return written;
    std::vector<std::pair<std::string, std::string>> done;
    std::vector<IndexEntry> entries;
    entries.reserve(batch.size());
    for (const auto& pending : batch) {
      entries.push_back({pending.item, graph.index_concepts(pending.item.concepts), signals.votes(pending.item.id)});
      done.emplace_back(pending.item.id, pending.content_hash);
    }
    writer.put_all(entries);   // every shard at once
    writer.commit();           // the index holds these versions...
    store.mark_indexed(done);  // ...so only now may the store forget they were pending
    written += batch.size();
  }
}

// A batch on its way into the index (IndexWriter::write_async): the shards index it while the
// caller stores the next batch in SQLite. Only after its commit are its items marked indexed.
class IndexingBatch {
 public:
  IndexingBatch(IndexWriter& writer, std::vector<IndexEntry> entries, std::vector<std::pair<std::string, std::string>> done)
      : done_(std::move(done)), work_(writer.write_async(std::move(entries))) {}
  // Waits for the commit (rethrowing its error), then clears the batch's pending flags.
  std::size_t finish(core::ItemStore& store) {
    work_.get();
    store.mark_indexed(done_);
    return done_.size();
  }

 private:
  std::vector<std::pair<std::string, std::string>> done_;
  std::future<void> work_;
};

IngestReport ingest(core::ItemStore& store, IndexWriter& writer, RecordSource& input, const IngestOptions& options) {
  IngestReport report;
  if (options.strict) {
    // Everything is validated before anything changes: one pass to judge, one to apply.
    RecordValidator judge;
    for (auto chunk = input.next(); !chunk.empty(); chunk = input.next()) judge.validate(chunk, report);
    if (report.rejected() > 0) {
      report.applied = false;
      return report;
    }
    input.rewind();
  }
  const std::size_t batch_size = std::max<std::size_t>(1, options.batch_size);  // 0 would take every pending item
  // Leftovers of an interrupted run first, so that the store and index agree before we add.
  report.reindexed += index_pending(store, writer, batch_size);
  const taxonomy::ConceptGraph graph = taxonomy::ConceptGraph::load(store.database());
  core::SignalStore signals(store.database());
  RecordValidator validator;
  IngestReport ignored;  // strict: the first pass has reported every rejection already
  std::unique_ptr<IndexingBatch> in_flight;
  std::size_t read = 0;
  for (auto chunk = input.next(); !chunk.empty(); chunk = input.next()) {
    read += chunk.size();
    std::vector<core::Item> items = validator.validate(chunk, options.strict ? ignored : report);
    chunk.clear();
    for (std::size_t start = 0; start < items.size(); start += batch_size) {
      const std::size_t end = std::min(items.size(), start + batch_size);
      std::vector<IndexEntry> entries;
      std::vector<std::pair<std::string, std::string>> done;
      {
        SQLite::Transaction tx(store.database(), SQLite::TransactionBehavior::IMMEDIATE);
        for (std::size_t i = start; i < end; ++i) {
          const core::UpsertOutcome outcome = store.upsert(items[i]);
          switch (outcome) {
            case core::UpsertOutcome::added: ++report.added; break;
            case core::UpsertOutcome::updated: ++report.updated; break;
            case core::UpsertOutcome::unchanged: ++report.unchanged; continue;
          }
          done.emplace_back(items[i].id, items[i].content_hash());
          // A new item has no votes yet: only an update asks the store for them.
          const core::VoteCounts votes = outcome == core::UpsertOutcome::added ? core::VoteCounts{} : signals.votes(items[i].id);
          auto concepts = graph.index_concepts(items[i].concepts);
          entries.push_back({std::move(items[i]), std::move(concepts), votes});
        }
        tx.commit();
      }
      if (in_flight) report.reindexed += in_flight->finish(store);
      in_flight = entries.empty() ? nullptr : std::make_unique<IndexingBatch>(writer, std::move(entries), std::move(done));
    }
    if (options.progress) options.progress(read, options.total_records);
  }
  if (in_flight) report.reindexed += in_flight->finish(store);
  return report;
}

IngestReport ingest(core::ItemStore& store, IndexWriter& writer, const std::vector<SourceRecord>& records,
                    const IngestOptions& options) {
  RecordList list(records);
  IngestOptions with_total = options;
  if (with_total.total_records == 0) with_total.total_records = records.size();
  return ingest(store, writer, list, with_total);
}

}  // namespace km::indexer
