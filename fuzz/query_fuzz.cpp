// Fuzz target: the search query language, whole — syntax check, parsing, taxonomy expansion,
// ranking, counts, snippets and spelling — over a small in-memory index, as a client reader.
// A refusal is InvalidInput or Xapian's QueryParserError (both a 400 in the server); anything
// else would be a 500 and is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "indexer/index_writer.h"
#include "search/search.h"

namespace {

Xapian::Database& index() {
  static km::indexer::IndexWriter writer = [] {
    km::indexer::IndexWriter w;
    const char* titles[] = {"Router outage keeps coming back", "Refund after a billing error", "Line card swap on the modem",
                            "Escalation of a vulnerable customer", "Roaming charges explained"};
    for (int i = 0; i < 5; ++i) {
      km::core::Item item;
      item.id = "f-" + std::to_string(i);
      item.org = i % 2 ? "client" : "partner";
      item.title = titles[i];
      item.body = std::string(titles[i]) + ": what we learned, and what to do next time.";
      item.status = km::core::Status::validated;
      item.visibility = km::core::Visibility::shared;
      w.put(item, {});
    }
    w.commit();
    return w;
  }();
  return writer.shard(0).database();  // one in-memory shard
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;  // the server refuses longer queries before searching
  static const km::taxonomy::ConceptGraph graph;
  static const km::core::User reader{"c.fuzz", "Fuzz", "client", {"network"}, {km::core::Role::reader}};
  km::search::SearchParams p;
  p.q.assign(reinterpret_cast<const char*>(data), size);
  p.sort = size % 2 ? km::search::SortOrder::relevance : km::search::SortOrder::newest;
  try {
    km::search::search(index(), reader, p, graph);
  } catch (const km::core::InvalidInput&) {
  } catch (const Xapian::QueryParserError&) {
  }
  return 0;
}
