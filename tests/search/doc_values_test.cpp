// The in-memory facet and signal values of a snapshot (search/doc_values.h) against the values
// the documents hold, on Glass databases as the server opens them: every document and slot
// alike, one read per snapshot, a commit honoured by the next use, and each shard's own over
// several shards (none for them read as one database).
#include "search/doc_values.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "search/match_counts.h"

namespace {

namespace schema = km::core::schema;
using km::search::DocValues;

class DocValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "doc_values_" + std::to_string(getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Document i: org, kind and community from small cycles, some without a concept, signals.
  static Xapian::Document doc(int i) {
    Xapian::Document d;
    d.add_term("Zrouter");
    d.add_value(schema::kOrgSlot, i % 2 ? "client" : "partner");
    d.add_value(schema::kKindSlot, i % 3 ? "lesson" : "good_practice");
    d.add_value(schema::kCommunitySlot, "cop-" + std::to_string(i % 5));
    if (i % 4) d.add_value(schema::kConceptsSlot, "shared:router\nshared:fault-" + std::to_string(i % 4));
    d.add_value(schema::kSignalsSlot, "validated|" + std::to_string(i % 7) + "|0|");
    return d;
  }

  std::string dir_;
};

void expect_same_values(const Xapian::Database& db, const DocValues& values) {
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::docid did = *p;
    const Xapian::Document d = db.get_document(did);
    for (const Xapian::valueno slot : DocValues::kSlots) {
      EXPECT_EQ(values.value(slot, values.code(slot, did)), d.get_value(slot)) << "document " << did << ", slot " << slot;
      // The ids the value lists (several in the concepts slot), each numbered once per slot.
      std::vector<std::string> listed, split;
      for (const std::uint32_t id : values.listed(slot, values.code(slot, did))) listed.push_back(values.listed_ids(slot).at(id));
      schema::for_each_listed_id(d.get_value(slot), [&](std::string_view id) { split.emplace_back(id); });
      EXPECT_EQ(listed, split) << "document " << did << ", slot " << slot;
    }
  }
  for (const Xapian::valueno slot : DocValues::kSlots) {
    const std::vector<std::string>& ids = values.listed_ids(slot);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "slot " << slot;
  }
}

TEST_F(DocValuesTest, HoldEveryDocumentsValuesAndFollowEveryCommit) {
  Xapian::WritableDatabase writer(dir_, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  for (int i = 0; i < 200; ++i) writer.add_document(doc(i));
  writer.commit();

  Xapian::Database db(dir_);
  const std::size_t before = DocValues::snapshots_read();
  EXPECT_EQ(DocValues::of(db), nullptr);  // of() never reads
  const auto values = DocValues::load(db);
  ASSERT_NE(values, nullptr);
  expect_same_values(db, *values);
  EXPECT_EQ(values->codes(schema::kOrgSlot), 3u);  // none, client, partner
  EXPECT_EQ(values->code(schema::kOrgSlot, 10'000), 0u);  // past the last document: no value
  EXPECT_EQ(DocValues::of(db), values);  // the same snapshot: read once
  EXPECT_EQ(DocValues::load(db), values);
  EXPECT_EQ(DocValues::snapshots_read(), before + 1);

  // A commit that changes a document's concepts, deletes one and adds one: the next use reads
  // the new snapshot; a reader still at the old one keeps the old values.
  Xapian::Document changed = doc(7);
  changed.add_value(schema::kConceptsSlot, "shared:outage");
  writer.replace_document(7, changed);
  writer.delete_document(8);
  writer.add_document(doc(200));
  writer.commit();
  Xapian::Database old_reader = db;
  db.reopen();
  EXPECT_EQ(DocValues::of(db), nullptr);
  const auto after = DocValues::load(db);
  ASSERT_NE(after, nullptr);
  EXPECT_NE(after, values);
  expect_same_values(db, *after);
  EXPECT_EQ(after->value(schema::kConceptsSlot, after->code(schema::kConceptsSlot, 7)), "shared:outage");
  EXPECT_EQ(after->code(schema::kOrgSlot, 8), 0u);
  EXPECT_EQ(values->value(schema::kConceptsSlot, values->code(schema::kConceptsSlot, 7)), "shared:router\nshared:fault-2");  // document 7 was doc(6)
}

TEST_F(DocValuesTest, NoneForSeveralShardsOrAnInMemoryDatabase) {
  for (const char* shard : {"/a", "/b"}) {
    Xapian::WritableDatabase writer(dir_ + shard, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    writer.add_document(doc(1));
    writer.commit();
  }
  Xapian::Database both(dir_ + "/a");
  both.add_database(Xapian::Database(dir_ + "/b"));
  EXPECT_EQ(DocValues::load(both), nullptr);
  Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
  memory.add_document(doc(1));
  EXPECT_EQ(DocValues::load(memory), nullptr);
}

// Over several local shards each shard has its own values, which the loader reads for a reader
// of the whole, and the counts, taken shard by shard from them, are those of the documents.
TEST_F(DocValuesTest, EachShardHasItsOwnAndCountsAddUpShardByShard) {
  for (const char* shard : {"/a", "/b"}) {
    Xapian::WritableDatabase writer(dir_ + shard, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    for (int i = 0; i < 400; ++i) writer.add_document(doc(shard[1] == 'a' ? i : i + 1));
    writer.commit();
  }
  auto open = [&] { return km::core::ShardedDatabase({Xapian::Database(dir_ + "/a"), Xapian::Database(dir_ + "/b")}); };
  km::core::ShardedDatabase sharded = open();
  const auto parts = km::core::parts_of(sharded);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(DocValues::load(sharded), nullptr);  // the whole: none
  {
    km::search::DocValuesLoader loader(open);
    loader.request(sharded);
    for (int i = 0; i < 500 && !(DocValues::of(*parts[0]) && DocValues::of(*parts[1])); ++i) usleep(10'000);
  }
  for (const Xapian::Database* part : parts) {
    ASSERT_NE(DocValues::of(*part), nullptr);
    expect_same_values(*part, *DocValues::of(*part));
  }
  Xapian::Database as_one(dir_ + "/a");  // the same shards read as one database, from the documents
  as_one.add_database(Xapian::Database(dir_ + "/b"));
  const km::taxonomy::ConceptGraph graph;
  auto count = [&](Xapian::Database& db, km::search::Facet filtered) {
    return km::search::count_matches(
        db, Xapian::Query("Zrouter"), [](km::search::Facet) { return Xapian::Query::MatchAll; },
        [&](km::search::Facet f) { return f == filtered; }, graph);
  };
  for (const auto filtered : {km::search::Facet::none, km::search::Facet::org}) {
    const auto by_shard = count(sharded, filtered);
    const auto whole = count(as_one, filtered);
    EXPECT_EQ(by_shard.total, 800u);
    EXPECT_TRUE(by_shard.total_exact);
    EXPECT_TRUE(by_shard.facets_exact);
    EXPECT_EQ(by_shard.facets, whole.facets);
    EXPECT_EQ(by_shard.facets["org"][0]["count"].get<int>() + by_shard.facets["org"][1]["count"].get<int>(), 800);
  }
}

// The facet counts from the values in memory are those read from the documents.
TEST_F(DocValuesTest, FacetCountsFromMemoryEqualThoseFromTheDocuments) {
  Xapian::WritableDatabase writer(dir_, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  Xapian::WritableDatabase memory(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 1500; ++i) {  // past kFacetBound: the first 1,000 counted alike
    writer.add_document(doc(i));
    memory.add_document(doc(i));
  }
  writer.commit();
  memory.commit();
  Xapian::Database on_disk(dir_);
  ASSERT_NE(DocValues::load(on_disk), nullptr);
  const km::taxonomy::ConceptGraph graph;
  auto count = [&](Xapian::Database& db, km::search::Facet filtered) {
    return km::search::count_matches(
        db, Xapian::Query("Zrouter"), [](km::search::Facet) { return Xapian::Query::MatchAll; },
        [&](km::search::Facet f) { return f == filtered; }, graph);
  };
  for (const auto filtered : {km::search::Facet::none, km::search::Facet::concept_id}) {
    const auto from_memory = count(on_disk, filtered);
    const auto from_documents = count(memory, filtered);
    EXPECT_EQ(from_memory.facets, from_documents.facets);
    EXPECT_EQ(from_memory.total, 1500u);
    EXPECT_FALSE(from_memory.facets_exact);
    EXPECT_EQ(from_memory.facets["concept"].size(), 4u);  // router and fault-1..3
  }
}

}  // namespace

namespace {

// Each shard keeps its own latest snapshots: the values of four shards all stay in memory
// together, and a commit to one shard pushes none of the others out (one cache of two
// snapshots for all of them kept at most two shards' values, so a search over three or more
// never had them all and read every value from the streams).
TEST_F(DocValuesTest, EveryShardOfAnIndexKeepsItsValuesBesideTheOthers) {
  std::vector<Xapian::WritableDatabase> writers;
  std::vector<Xapian::Database> shards;
  for (int k = 0; k < 4; ++k) {
    writers.emplace_back(dir_ + "/s" + std::to_string(k), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    for (int i = 0; i < 50; ++i) writers.back().add_document(doc(i + k));
    writers.back().commit();
    shards.emplace_back(dir_ + "/s" + std::to_string(k));
  }
  const km::core::ShardedDatabase sharded(shards);
  for (const Xapian::Database* part : km::core::parts_of(sharded)) ASSERT_NE(DocValues::load(*part), nullptr);
  ASSERT_EQ(DocValues::of_parts(sharded).size(), 4u);

  writers[0].add_document(doc(99));
  writers[0].commit();
  const km::core::ShardedDatabase after({Xapian::Database(dir_ + "/s0"), shards[1], shards[2], shards[3]});
  ASSERT_NE(DocValues::load(*km::core::parts_of(after)[0]), nullptr);
  EXPECT_EQ(DocValues::of_parts(after).size(), 4u);
  EXPECT_EQ(DocValues::of_parts(sharded).size(), 4u) << "the snapshot before the commit, for leases still on it";
  expect_same_values(*km::core::parts_of(after)[0], *DocValues::of(*km::core::parts_of(after)[0]));
}

}  // namespace
