// The phrase filters (search/phrase_matches.h) against the phrases they stand beside, on Glass
// shards as the server opens them: the same documents with the same weights for every kind of
// phrase a search box sends, each shard's list found once per snapshot, and a commit that adds
// or removes a phrase honoured by the next search.
#include "search/phrase_matches.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "indexer/index_writer.h"
#include "search/text_query.h"
#include "tests/support/sharded_index_test.h"

namespace {

using km::core::Item;

Item item(int n, const std::string& body) {
  Item i;
  i.id = "i" + std::to_string(n);
  i.org = "client";
  i.title = "note " + std::to_string(n);
  i.body = body;
  i.visibility = km::core::Visibility::shared;
  i.status = km::core::Status::validated;
  return i;
}

// Bodies that hold the words of "technical support" and "field operations" in every order,
// adjacent and not, so that most documents with both words are not phrase matches.
std::string body(int n) {
  static const char* kBodies[] = {
      "technical support for the field operations team",
      "support was technical and the operations were in the field",
      "the field team needed support; technical staff ran operations",
      "operations field support technical",
      "technical technical support support",
      "field operations field operations and more field operations",
      "no words of the phrases here at all",
  };
  return kBodies[n % 7] + std::string(" item ") + std::to_string(n);
}

// Every match of `query`, as (docid, weight), in Xapian's order.
std::vector<std::pair<Xapian::docid, double>> ranked(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::vector<std::pair<Xapian::docid, double>> out;
  for (auto m = mset.begin(); m != mset.end(); ++m) out.emplace_back(*m, m.get_weight());
  return out;
}

class PhraseMatchesTest : public km::testing::ShardedIndexTest {
 protected:
  void TearDown() override {
    writer_.reset();
    ShardedIndexTest::TearDown();
  }

  // The first `n` items of body(), committed, and the index opened as the server opens it.
  Xapian::Database indexed(int n) {
    writer_ = std::make_unique<km::indexer::IndexWriter>(layout(), std::chrono::milliseconds(1000));
    for (int i = 0; i < n; ++i) writer_->put(item(i, body(i)), {});
    writer_->commit();
    return layout().open();
  }

  // `q` as the search box's parser reads it.
  static Xapian::Query parse(Xapian::Database& db, const std::string& q) {
    Xapian::QueryParser parser = km::search::make_parser(db, true);
    return parser.parse_query(q, km::search::kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
  }

  std::unique_ptr<km::indexer::IndexWriter> writer_;
};

TEST_P(PhraseMatchesTest, FindTheSameDocumentsWithTheSameWeightsAsThePhraseAlone) {
  Xapian::Database db = indexed(70);
  for (const std::string q : {"\"technical support\"", "\"field operations\" router", "\"field operations team\"",
                               "\"technical technical\"", "\"support for the\"", "field -\"field operations\"",
                               "\"technical support\" AND \"field operations\"", "title:\"note 5\"",
                               "\"no such phrase\"", "\"technical support\" OR \"field operations\" OR item"}) {
    const Xapian::Query plain = parse(db, q);
    const auto expected = ranked(db, plain);
    const Xapian::Query filtered = km::search::with_phrase_filters(plain, db);
    EXPECT_NE(filtered.get_description().find("km::PhraseMatches"), std::string::npos) << q;
    EXPECT_EQ(ranked(db, filtered), expected) << q;
    if (q != "\"no such phrase\"") {
      EXPECT_FALSE(expected.empty()) << q;
    }
  }
  // Most documents with both words do not hold the phrase: the filter has something to spare.
  const auto both = ranked(db, parse(db, "technical AND support"));
  const auto phrase = ranked(db, parse(db, "\"technical support\""));
  EXPECT_LT(phrase.size() * 2, both.size());
}

// Every match of `query` unweighted, as a count sees them.
std::vector<Xapian::docid> matching(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  return {mset.begin(), mset.end()};
}

TEST_P(PhraseMatchesTest, FilterASynonymGroupOfPhrasesAndRareTermsAsAWholeAndLeaveTheRest) {
  Xapian::Database db = indexed(200);
  // A synonym weighs by each member's term statistics, which a posting source has not got: a
  // group of phrases and rare terms ("17" is in one document of 200) is filtered as a whole.
  const Xapian::Query rare[] = {Xapian::Query("17"), parse(db, "\"technical support\""), parse(db, "\"field operations\"")};
  const Xapian::Query group(Xapian::Query::OP_SYNONYM, rare, rare + 3);
  const Xapian::Query filtered = km::search::with_phrase_filters(group, db);
  ASSERT_TRUE(km::search::is_filtered_synonym(filtered)) << filtered.get_description();
  EXPECT_EQ(filtered.get_subquery(0).get_description(), group.get_description());
  EXPECT_EQ(ranked(db, filtered), ranked(db, group));
  EXPECT_EQ(matching(db, km::search::matches_only(filtered)), matching(db, group));
  EXPECT_GT(ranked(db, group).size(), 10u);
  // Beside a common word the phrase would be read through most documents anyway: left as it is,
  // and so is a phrase under a weight's scaling.
  const Xapian::Query common[] = {Xapian::Query("field"), rare[1]};
  const Xapian::Query with_common(Xapian::Query::OP_SYNONYM, common, common + 2);
  const Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, rare[1], 0.5);
  for (const Xapian::Query& q : {with_common, scaled}) {
    EXPECT_EQ(km::search::with_phrase_filters(q, db).get_description(), q.get_description());
  }
  const Xapian::Query inside(Xapian::Query::OP_OR, group, with_common);
  EXPECT_EQ(ranked(db, km::search::with_phrase_filters(inside, db)), ranked(db, inside));
}

TEST_P(PhraseMatchesTest, MatchesOnlyKeepsTheMatchesOfEveryOperatorAndReachesIntoSynonyms) {
  Xapian::Database db = indexed(70);
  const Xapian::Query phrase = parse(db, "\"technical support\"");
  const Xapian::Query group[] = {Xapian::Query("team"), phrase, parse(db, "\"field operations\"")};
  const Xapian::Query synonym(Xapian::Query::OP_SYNONYM, group, group + 3);
  const Xapian::Query most(Xapian::Query::OP_MAX, group, group + 3);
  const Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, phrase, 0.5);
  const Xapian::Query either[] = {synonym, scaled, Xapian::Query("item")};
  const std::vector<Xapian::Query> queries = {
      synonym, most, scaled, Xapian::Query(Xapian::Query::OP_OR, either, either + 3),
      parse(db, "+\"field operations\" technical"),  // AND_MAYBE: the first part decides
      parse(db, "support -\"technical support\""),
      km::search::with_phrase_filters(parse(db, "\"technical support\" OR 3"), db)};
  for (const Xapian::Query& q : queries) {
    const Xapian::Query reduced = km::search::matches_only(q);
    EXPECT_EQ(matching(db, reduced), matching(db, q)) << q.get_description();
    EXPECT_FALSE(matching(db, q).empty()) << q.get_description();
    EXPECT_NE(reduced.get_description().find("km::PhraseMatches"), std::string::npos) << q.get_description();
  }
  // A phrase that with_phrase_filters() filtered is not filtered twice.
  const Xapian::Query filtered = km::search::with_phrase_filters(phrase, db);
  EXPECT_EQ(km::search::matches_only(filtered).get_description(), filtered.get_description());
}

TEST_P(PhraseMatchesTest, FindEachShardsListOncePerSnapshotAndFollowEveryCommit) {
  Xapian::Database db = indexed(70);
  const Xapian::Query words[] = {Xapian::Query("technical"), Xapian::Query("support")};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, words, words + 2, 2);
  const Xapian::Query filtered = km::search::with_phrase_filters(phrase, db);
  const auto before = ranked(db, filtered);
  const std::size_t found = km::search::PhraseMatches::lists_found();
  EXPECT_EQ(ranked(db, filtered), before);
  EXPECT_EQ(km::search::PhraseMatches::lists_found(), found);  // kept for the snapshot

  // i6 comes to hold the phrase, i0 no longer does.
  writer_->put(item(6, "now technical support too"), {});
  writer_->put(item(0, "support, technical"), {});
  writer_->commit();
  db.reopen();
  const auto after = ranked(db, filtered);
  EXPECT_EQ(after, ranked(db, phrase));
  EXPECT_EQ(after.size(), before.size());  // one in, one out
  EXPECT_NE(after, before);
  EXPECT_GT(km::search::PhraseMatches::lists_found(), found);
}

INSTANTIATE_TEST_SUITE_P(OneAndThreeShards, PhraseMatchesTest, ::testing::Values(1, 3));

}  // namespace
