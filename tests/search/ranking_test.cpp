// The ranking boosts on a small in-memory index: what pseudo-relevance feedback and the title
// boost may and may not do to a result list.
#include "search/ranking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/item.h"
#include "core/index_schema.h"
#include "indexer/index_writer.h"
#include "search/search.h"
#include "taxonomy/concept_graph.h"

using ::testing::ElementsAre;

namespace {

km::core::Item item(const std::string& id, const std::string& title, const std::string& body) {
  km::core::Item i;
  i.id = id;
  i.org = "client";
  i.title = title;
  i.body = body;
  i.status = km::core::Status::validated;
  i.visibility = km::core::Visibility::shared;
  return i;
}

class RankingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // "plain" and "related" match "router" equally (one occurrence, same length); "related"
    // shares the best match's vocabulary (firmware), "plain" does not. "firmware-only" never
    // says router.
    writer_.put(item("best", "Router firmware", "router firmware firmware upgrade"), {});
    writer_.put(item("plain", "Cabinet note", "router cabinet power supply"), {});
    writer_.put(item("related", "Hub note", "router firmware power supply"), {});
    writer_.put(item("firmware-only", "Firmware guide", "firmware firmware upgrade steps"), {});
    // Unrelated items, so that the words above are rare, as in a real collection.
    for (int i = 0; i < 20; ++i) {
      writer_.put(item("other-" + std::to_string(i), "Billing note " + std::to_string(i), "refund credit invoice"), {});
    }
    writer_.commit();
  }

  // The first pass the boosts re-rank: plain BM25, best first.
  km::search::Matches first_pass(const Xapian::Query& text, const km::search::RankingOptions& options) {
    Xapian::Enquire first(writer_.database());
    first.set_weighting_scheme(km::search::bm25(options));
    first.set_query(text);
    return km::search::matches_of(first.get_mset(0, 100));
  }

  // The matches of "router", each scored by its text score plus what the boosts add, best first.
  std::vector<std::pair<std::string, double>> scored(const km::search::RankingOptions& options) {
    Xapian::Database db = writer_.database();
    const km::search::Matches top = first_pass(Xapian::Query("Zrouter"), options);
    const std::vector<double> added =
        km::search::boost_weights(db, km::search::boosts(db, Xapian::Query("ZSrouter"), top, {"router"}, options), top, static_cast<Xapian::doccount>(top.size()), options);
    std::vector<std::pair<std::string, double>> out;
    std::size_t i = 0;
    for (auto m = top.begin(); m != top.end(); ++m, ++i) {
      out.emplace_back(km::core::schema::decode_document_data(db.get_document(m->did).get_data()).id, m->weight + added.at(i));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
  }

  std::vector<std::string> rank(const km::search::RankingOptions& options) {
    std::vector<std::string> ids;
    for (const auto& [id, score] : scored(options)) ids.push_back(id);
    return ids;
  }

  km::indexer::IndexWriter writer_;
};

}  // namespace

TEST_F(RankingTest, WithoutBoostsEqualMatchesKeepIndexOrder) {
  km::search::RankingOptions off;
  off.prf_docs = 0;
  off.title = 0;
  EXPECT_THAT(rank(off), ElementsAre("best", "plain", "related"));
}

TEST_F(RankingTest, FeedbackRaisesWhatSharesTheBestMatchesVocabularyAndAddsNothing) {
  km::search::RankingOptions feedback;
  feedback.title = 0;
  EXPECT_THAT(rank(feedback), ElementsAre("best", "related", "plain"));
}

TEST_F(RankingTest, TheTitleBoostRaisesTitleMatches) {
  km::search::RankingOptions title_only;
  title_only.prf_docs = 0;
  title_only.title = 1.0;
  auto ids = rank(title_only);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "best");
  km::search::RankingOptions none = title_only;
  none.title = 0;
  EXPECT_GT(scored(title_only).at(0).second, scored(none).at(0).second);
}

// The boosts are scored apart from the text query: a match's score is its text score plus
// their weight, as under "text AND_MAYBE boosts" when no word is in both.
TEST_F(RankingTest, BoostWeightsAddToTextScoresAsOneQueryWould) {
  km::search::RankingOptions title_only;
  title_only.prf_docs = 0;
  title_only.title = 1.0;
  Xapian::Database db = writer_.database();
  Xapian::Enquire together(db);
  together.set_weighting_scheme(km::search::bm25(title_only));
  together.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query("Zrouter"),
                                   Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("ZSrouter"), 1.0)));
  const Xapian::MSet expected = together.get_mset(0, 10);
  const auto got = scored(title_only);
  ASSERT_EQ(got.size(), expected.size());
  std::size_t i = 0;
  for (auto m = expected.begin(); m != expected.end(); ++m, ++i) {
    EXPECT_EQ(got[i].first, km::core::schema::decode_document_data(m.get_document().get_data()).id);
    EXPECT_NEAR(got[i].second, m.get_weight(), 1e-9);
  }
}

TEST(RankingOptions, SetsKnownOptionsAndRejectsTheRest) {
  km::search::RankingOptions o;
  o.set("prf_docs", "7");
  o.set("title", "0.25");
  EXPECT_EQ(o.prf_docs, 7u);
  EXPECT_DOUBLE_EQ(o.title, 0.25);
  EXPECT_THROW(o.set("no_such_option", "1"), km::core::InvalidInput);
  EXPECT_THROW(o.set("bm25_k1", "fast"), km::core::InvalidInput);
  EXPECT_THROW(o.set("bm25_k1", "1.5x"), km::core::InvalidInput);
  EXPECT_THROW(o.set("prf_docs", "-3"), km::core::InvalidInput);
  EXPECT_THROW(o.set("prf_docs", "2.5"), km::core::InvalidInput);
  EXPECT_THROW(o.set("prf_docs", "5x"), km::core::InvalidInput);  // the one integer parser: never 5, so still 7
  EXPECT_THROW(o.set("rerank_depth", "60.0"), km::core::InvalidInput);
  EXPECT_EQ(o.prf_docs, 7u);
  EXPECT_DOUBLE_EQ(o.bm25_k1, 1.2);
  EXPECT_THROW(o.set("prf_weight", "1"), km::core::InvalidInput);  // the query would weigh nothing
  EXPECT_DOUBLE_EQ(o.prf_weight, 0.5);                              // and nothing changed
  // Every signal weight can be set too (three could not).
  o.set("signal_neutral", "0.8");
  o.set("signal_retired", "2");
  o.set("signal_max_votes", "3");
  EXPECT_DOUBLE_EQ(o.signal_neutral, 0.8);
  EXPECT_DOUBLE_EQ(o.signal_retired, 2.0);
  EXPECT_EQ(o.signal_max_votes, 3);
  EXPECT_THROW(o.set("signal_max_votes", "2.5"), km::core::InvalidInput);
}

namespace {

// The ids `search_ids` gives for "router" as a client reader, on one page of `per_page`.
std::vector<std::string> router_page(Xapian::Database db, unsigned depth, int page, int per_page) {
  km::search::SearchParams p;
  p.q = "router";
  p.page = page;
  p.per_page = per_page;
  p.ranking.signals = false;
  p.ranking.title = 0;
  p.ranking.rerank_depth = depth;
  const km::core::User reader{"c.reader", "Reader", "client", {}, {km::core::Role::reader}};
  return km::search::search_ids(db, reader, p, km::taxonomy::ConceptGraph());
}

TEST_F(RankingTest, OnlyTheRescoringWindowIsReRankedAndPagesAreSlicesOfOneOrder) {
  Xapian::Database db = writer_.database();
  // The feedback raises "related" above "plain" when both are in the window...
  EXPECT_THAT(router_page(db, 3, 1, 10), ElementsAre("best", "related", "plain"));
  // ...and leaves them in BM25 order (equal scores: index order) when only "best" is.
  EXPECT_THAT(router_page(db, 1, 1, 10), ElementsAre("best", "plain", "related"));
  // Pages of one are the same order, each match once (re-ranking as many as each page needed
  // gave "plain" on pages 2 and 3).
  std::vector<std::string> paged;
  for (int page = 1; page <= 3; ++page) {
    for (auto& id : router_page(db, 1, page, 1)) paged.push_back(id);
  }
  EXPECT_THAT(paged, ElementsAre("best", "plain", "related"));
}

TEST_F(RankingTest, BoostWeightsOfAWindowAreThoseOfItsMatches) {
  Xapian::Database db = writer_.database();
  const km::search::RankingOptions options;
  const km::search::Matches top = first_pass(Xapian::Query("Zrouter"), options);
  const km::search::Boosts extra = km::search::boosts(db, Xapian::Query("ZSrouter"), top, {"router"}, options);
  const std::vector<double> all = km::search::boost_weights(db, extra, top, static_cast<Xapian::doccount>(top.size()), options);
  const std::vector<double> two = km::search::boost_weights(db, extra, top, 2, options);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_DOUBLE_EQ(two[0], all[0]);
  EXPECT_DOUBLE_EQ(two[1], all[1]);
  EXPECT_EQ(km::search::boost_weights(db, extra, top, 1000, options).size(), top.size());
}

}  // namespace
