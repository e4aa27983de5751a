// search() with a second reader: the counts and the spelling check computed in a thread of
// their own give the very answer of the one-reader search, filters, paging and corrections
// included; and an error in either thread reaches the caller.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "indexer/index_writer.h"
#include "search/index_readers.h"
#include "search/search.h"

namespace {

using km::search::SearchParams;

std::string index_of_items() {
  const std::string dir = ::testing::TempDir() + "parallel_counts_index";
  std::filesystem::remove_all(dir);
  km::indexer::IndexWriter writer(dir, std::chrono::milliseconds(0));
  const char* words[] = {"router", "fault", "billing", "outage", "firmware", "customer", "modem", "signal"};
  for (int i = 0; i < 300; ++i) {
    km::core::Item item;
    item.id = "i" + std::to_string(i);
    item.org = i % 3 ? "client" : "partner";
    item.kind = i % 2 ? km::core::Kind::lesson : km::core::Kind::insight;
    item.community = i % 4 ? "network" : "billing";
    item.visibility = i % 5 ? km::core::Visibility::shared : km::core::Visibility::org;
    item.status = km::core::Status::validated;
    item.title = std::string(words[i % 8]) + " " + words[(i / 8) % 8];
    item.body = item.title + " " + words[(i * 7) % 8] + " report " + std::to_string(i);
    writer.put(item, {});
  }
  writer.commit();
  return dir;
}

TEST(ParallelCounts, GiveTheAnswerOfTheOneReaderSearch) {
  km::search::IndexReaders readers(index_of_items());
  const km::core::User user{"c.ann", "Ann", "client", {"network"}, {km::core::Role::reader}};
  const km::taxonomy::ConceptGraph graph;
  std::vector<SearchParams> asked(6);
  asked[0].q = "router";
  asked[1].q = "router fault";
  asked[1].org = {"client"};
  asked[2].q = "modem";
  asked[2].page = 3;
  asked[3].q = "firmwre";  // corrected to "firmware"
  asked[4].q = "outage";
  asked[4].kind = {"insight"};
  asked[4].community = {"billing"};
  asked[5].q = "";
  for (const SearchParams& p : asked) {
    readers.with_two_readers([&](Xapian::Database& db, Xapian::Database& counting) {
      const nlohmann::json alone = km::search::search(db, user, p, graph);
      const nlohmann::json parallel = km::search::search(db, user, p, graph, &counting);
      EXPECT_EQ(alone, parallel) << "q=" << p.q;
      EXPECT_TRUE(parallel["total"].get<int>() > 0 || parallel.contains("did_you_mean")) << "q=" << p.q;
      return 0;
    });
  }
  SearchParams typo;
  typo.q = "firmwre";
  const nlohmann::json corrected = readers.with_two_readers([&](Xapian::Database& db, Xapian::Database& counting) {
    return km::search::search(db, user, typo, graph, &counting);
  });
  EXPECT_EQ(corrected.value("did_you_mean", ""), "firmware");
}

TEST(ParallelCounts, AnErrorReachesTheCaller) {
  km::search::IndexReaders readers(index_of_items());
  const km::core::User user{"c.ann", "Ann", "client", {}, {km::core::Role::reader}};
  SearchParams bad;
  bad.q = "title:";
  EXPECT_THROW(readers.with_two_readers([&](Xapian::Database& db, Xapian::Database& counting) {
    return km::search::search(db, user, bad, km::taxonomy::ConceptGraph(), &counting);
  }),
               km::core::InvalidInput);
}

}  // namespace
