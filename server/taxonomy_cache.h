#pragma once
// TaxonomyCache: the current ConceptGraph, shared by request threads.
//
// current() compares the store's taxonomy version (one tiny query) with the loaded graph's and
// reloads on change — writes by this server or by km-indexer are seen by the next request.
// Returns a shared_ptr so a request keeps its graph even while another thread swaps in a new
// one. Thread-safe.
#include <memory>
#include <mutex>

#include "server/shared_store.h"
#include "taxonomy/concept_graph.h"

namespace km::server {

class TaxonomyCache {
 public:
  explicit TaxonomyCache(SharedStore& store) : store_(store) {}
  std::shared_ptr<const taxonomy::ConceptGraph> current() { return snapshot().graph; }

  // The current graph with its taxonomy version (changes whenever the graph does).
  struct Snapshot {
    std::shared_ptr<const taxonomy::ConceptGraph> graph;
    long version;
  };
  Snapshot snapshot();

 private:
  SharedStore& store_;
  std::mutex mutex_;
  long version_ = -1;
  std::shared_ptr<const taxonomy::ConceptGraph> graph_;
};

}  // namespace km::server
