// The ranking boosts on a small in-memory index: what pseudo-relevance feedback and the title
// boost may and may not do to a result list.
#include "search/ranking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/item.h"
#include "indexer/index_writer.h"

using ::testing::ElementsAre;

namespace {

km::core::Item item(const std::string& id, const std::string& title, const std::string& body) {
  km::core::Item i;
  i.id = id;
  i.org = "client";
  i.title = title;
  i.body = body;
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
  Xapian::MSet first_pass(const Xapian::Query& text, const km::search::RankingOptions& options) {
    Xapian::Enquire first(writer_.database());
    first.set_weighting_scheme(km::search::bm25(options));
    first.set_query(text);
    return first.get_mset(0, 100);
  }

  std::vector<std::string> rank(const km::search::RankingOptions& options) {
    Xapian::Database db = writer_.database();
    Xapian::Query text("Zrouter");
    Xapian::Query title("ZSrouter");
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(km::search::bm25(options));
    enquire.set_query(km::search::boost(db, text, title, first_pass(text, options), {"router"}, options));
    std::vector<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      ids.push_back(nlohmann::json::parse(m.get_document().get_data())["id"]);
    }
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
  Xapian::Database db = writer_.database();
  auto score = [&](const km::search::RankingOptions& o) {
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(km::search::bm25(o));
    enquire.set_query(km::search::boost(db, Xapian::Query("Zrouter"), Xapian::Query("ZSrouter"),
                                        first_pass(Xapian::Query("Zrouter"), o), {"router"}, o));
    return enquire.get_mset(0, 1).begin().get_weight();
  };
  EXPECT_GT(score(title_only), score(none));
}

TEST(RankingOptions, SetsKnownOptionsAndRejectsTheRest) {
  km::search::RankingOptions o;
  o.set("prf_docs", "5");
  o.set("title", "0.25");
  EXPECT_EQ(o.prf_docs, 5u);
  EXPECT_DOUBLE_EQ(o.title, 0.25);
  EXPECT_THROW(o.set("no_such_option", "1"), km::core::InvalidInput);
  EXPECT_THROW(o.set("bm25_k1", "fast"), km::core::InvalidInput);
  EXPECT_THROW(o.set("bm25_k1", "1.5x"), km::core::InvalidInput);
  EXPECT_THROW(o.set("prf_docs", "-3"), km::core::InvalidInput);
  EXPECT_THROW(o.set("prf_docs", "2.5"), km::core::InvalidInput);
  EXPECT_DOUBLE_EQ(o.bm25_k1, 1.2);
  EXPECT_THROW(o.set("prf_weight", "1"), km::core::InvalidInput);  // the query would weigh nothing
  EXPECT_DOUBLE_EQ(o.prf_weight, 0.5);                              // and nothing changed
}
