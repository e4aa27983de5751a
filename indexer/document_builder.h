#pragma once
// Turns an Item into the Xapian document described by core/index_schema.h.
//
// Deterministic: the same item always gives the same document, so a rebuild from SQLite
// reproduces the ingest-built index. Not thread-safe (holds a TermGenerator); use one per thread.
#include <xapian.h>

#include "core/item.h"
#include "core/signal_store.h"

namespace km::indexer {

class DocumentBuilder {
 public:
  // With `spelling_db`, words of the title and text are also added as spelling data.
  explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db = nullptr);
  // `index_concepts`: the item's own concepts plus those it reaches through the taxonomy
  // (taxonomy::ConceptGraph::index_concepts); all become filter terms and facet values.
  // `votes` feed the ranking-signal value.
  Xapian::Document build(const core::Item& item, const std::vector<std::string>& index_concepts,
                         const core::VoteCounts& votes = {});

 private:
  Xapian::TermGenerator generator_;
};

}  // namespace km::indexer
