// The feedback terms' postings kept per snapshot (search/term_postings.h) and the BM25 weights
// computed from them (search/ranking.h, boost_weights): the same weights as Xapian's matcher
// gives the same terms, on Glass shards as the server opens them, and lists that follow every
// commit.
#include "search/term_postings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "indexer/index_writer.h"
#include "search/doc_values.h"
#include "search/ranking.h"
#include "search/snapshot_cache.h"
#include "tests/support/sharded_index_test.h"

namespace {

using km::search::TermPostings;
using km::search::TermPostingsCache;

// Bodies of 5 to 40 words from a small vocabulary, each document its own mix and length.
std::string body(int n) {
  static const char* kWords[] = {"router",  "firmware", "outage", "customer", "billing", "cabinet", "fibre",
                                 "upgrade", "reset",    "power",  "signal",   "repeat",  "engineer", "visit"};
  std::string out;
  unsigned state = static_cast<unsigned>(n) * 2654435761u + 1;
  const int words = 5 + n % 36;
  for (int i = 0; i < words; ++i) {
    state = state * 1103515245u + 12345u;
    out += std::string(kWords[(state >> 16) % 14]) + " ";
  }
  return out;
}

km::core::Item item(int n) {
  km::core::Item i;
  i.id = "i" + std::to_string(n);
  i.org = "client";
  i.title = n % 3 == 0 ? "Router note " + std::to_string(n) : "Field note " + std::to_string(n);
  i.body = body(n);
  i.visibility = km::core::Visibility::shared;
  i.status = km::core::Status::validated;
  return i;
}

class TermPostingsTest : public km::testing::ShardedIndexTest {
 protected:
  km::core::ShardedDatabase indexed(int n) { return ShardedIndexTest::indexed(n, item, false); }
};

INSTANTIATE_TEST_SUITE_P(Shards, TermPostingsTest, ::testing::Values(1, 3));

// The first pass for `word` and the boosts' weights over its first `window` matches, with the
// feedback weighed from kept postings; and what Xapian's matcher gives each of those matches for
// the same boosts as one query.
struct Weighed {
  std::vector<double> kept;
  std::vector<double> xapian;
};
Weighed weigh(Xapian::Database& db, const std::string& word, Xapian::doccount window) {
  km::search::RankingOptions o;
  o.prf_max_df = 1;  // every word of this small vocabulary may be a feedback term
  Xapian::Enquire first(db);
  first.set_weighting_scheme(km::search::bm25(o));
  first.set_query(Xapian::Query("Z" + word));
  const km::search::Matches top = km::search::matches_of(first.get_mset(0, 100));
  const km::search::Boosts boosts = km::search::boosts(db, Xapian::Query("ZS" + word), top, {word}, o);
  EXPECT_FALSE(boosts.terms.empty()) << word;
  Weighed out;
  out.kept = km::search::boost_weights(db, boosts, top, window, o);
  std::vector<Xapian::Query> parts{boosts.query};
  for (const auto& [term, factor] : boosts.terms) parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), factor);
  Xapian::Enquire all(db);
  all.set_weighting_scheme(km::search::bm25(o));
  all.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
  const Xapian::MSet every = all.get_mset(0, db.get_doccount());
  std::map<Xapian::docid, double> by_doc;
  for (auto m = every.begin(); m != every.end(); ++m) by_doc[*m] = m.get_weight();
  for (auto m = top.begin(); out.xapian.size() < out.kept.size(); ++m) out.xapian.push_back(by_doc[m->did]);
  return out;
}

void expect_same(const Weighed& w, const std::string& word) {
  ASSERT_EQ(w.kept.size(), w.xapian.size());
  for (std::size_t i = 0; i < w.kept.size(); ++i) {
    EXPECT_NEAR(w.kept[i], w.xapian[i], 1e-9 * std::max(1.0, std::abs(w.xapian[i]))) << word << " match " << i;
  }
}

TEST_P(TermPostingsTest, FeedbackWeighsAsXapiansMatcherWouldAndListsAreReadOncePerSnapshot) {
  km::core::ShardedDatabase db = indexed(240);
  const std::size_t read_before = TermPostingsCache::lists_read();
  for (const std::string word : {"router", "signal", "visit"}) {
    const Weighed w = weigh(db, word, 60);
    EXPECT_EQ(w.kept.size(), 60u);
    expect_same(w, word);
    EXPECT_GT(*std::max_element(w.kept.begin(), w.kept.end()), 0.0) << "the boosts weigh something";
  }
  const std::size_t read = TermPostingsCache::lists_read() - read_before;
  EXPECT_GT(read, 0u) << "the feedback was weighed from kept postings";
  // Again, with every document's length from the snapshot's DocValues rather than Xapian: the
  // same weights, and no list read again.
  for (const Xapian::Database* part : km::core::parts_of(db)) km::search::DocValues::load(*part);
  ASSERT_FALSE(km::search::DocValues::of_parts(db).empty());
  for (const std::string word : {"router", "signal", "visit"}) expect_same(weigh(db, word, 60), word);
  EXPECT_EQ(TermPostingsCache::lists_read() - read_before, read);
}

TEST_P(TermPostingsTest, ATitleBoostOfPlainTermsIsWeighedFromKeptPostingsAsTheMatcherWould) {
  km::core::ShardedDatabase db = indexed(240);
  km::search::RankingOptions o;
  o.prf_docs = 0;  // the title boost alone
  Xapian::Enquire first(db);
  first.set_weighting_scheme(km::search::bm25(o));
  first.set_query(Xapian::Query("Zsignal"));
  const km::search::Matches top = km::search::matches_of(first.get_mset(0, 100));
  const Xapian::Query title(Xapian::Query::OP_OR, Xapian::Query("ZSrouter"), Xapian::Query("ZSfield"));

  const km::search::Boosts plain = km::search::boosts(db, title, top, {"signal"}, o);
  EXPECT_TRUE(plain.query.empty());
  using Weighted = std::vector<std::pair<std::string, double>>;
  EXPECT_EQ(plain.terms, (Weighted{{"ZSrouter", o.title}, {"ZSfield", o.title}}));
  const km::search::Boosts matched{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, o.title), {}};
  const std::size_t lookups = TermPostingsCache::lookups();
  const std::vector<double> kept = km::search::boost_weights(db, plain, top, 60, o);
  EXPECT_GT(TermPostingsCache::lookups(), lookups);
  const std::vector<double> xapian = km::search::boost_weights(db, matched, top, 60, o);
  expect_same({kept, xapian}, "title");
  EXPECT_GT(*std::max_element(kept.begin(), kept.end()), 0.0);

  // A synonym group or a repeated word does not weigh as its terms one by one: the matcher's.
  for (const Xapian::Query& other : {Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query("ZSrouter"), Xapian::Query("ZSfield")),
                                     Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("ZSrouter"), Xapian::Query("ZSrouter"))}) {
    const km::search::Boosts b = km::search::boosts(db, other, top, {"signal"}, o);
    EXPECT_FALSE(b.query.empty()) << other.get_description();
    EXPECT_TRUE(b.terms.empty()) << other.get_description();
  }
}

TEST_P(TermPostingsTest, AListFollowsEveryCommitAndAnOlderReaderKeepsItsOwn) {
  km::indexer::IndexWriter writer(layout(), std::chrono::milliseconds(1000));
  for (int i = 0; i < 30; ++i) writer.put(item(i), {});
  writer.commit();
  const km::core::ShardedDatabase before = layout().open();
  ASSERT_TRUE(km::search::snapshot_key_of_parts(before).has_value());
  const std::string snapshot_before = *km::search::snapshot_key_of_parts(before);
  const auto old_list = TermPostingsCache::get(before, snapshot_before, "Zrouter");
  EXPECT_EQ(old_list->termfreq(), before.get_termfreq("Zrouter"));

  km::core::Item extra = item(1000);
  extra.body = "router router router";
  writer.put(extra, {});
  writer.commit();
  const km::core::ShardedDatabase after = layout().open();
  const auto new_list = TermPostingsCache::get(after, *km::search::snapshot_key_of_parts(after), "Zrouter");
  EXPECT_EQ(new_list->termfreq(), old_list->termfreq() + 1);
  const std::string id_term = km::core::schema::term(km::core::schema::kIdPrefix, extra.id);
  Xapian::docid added = 0;
  for (auto p = after.postlist_begin(id_term); p != after.postlist_end(id_term); ++p) added = *p;
  ASSERT_NE(added, 0u);
  EXPECT_EQ(new_list->wdf(added), 3u);
  EXPECT_EQ(TermPostingsCache::get(before, snapshot_before, "Zrouter")->termfreq(), old_list->termfreq());
}

TEST(TermPostings, HoldsEveryWdfExactlyAndNothingForOtherDocuments) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::termcount wdf : {1u, 70000u, 65535u, 2u}) {
    Xapian::Document d;
    d.add_term("Zword", wdf);
    d.add_term("Zother");
    db.add_document(d);
  }
  db.add_document(Xapian::Document());
  const TermPostings list(db, "Zword");
  EXPECT_EQ(list.termfreq(), 4u);
  EXPECT_EQ(list.wdf(1), 1u);
  EXPECT_EQ(list.wdf(2), 70000u);
  EXPECT_EQ(list.wdf(3), 65535u);
  EXPECT_EQ(list.wdf(4), 2u);
  EXPECT_EQ(list.wdf(5), 0u);
  EXPECT_EQ(list.wdf(99), 0u);
  EXPECT_EQ(TermPostings(db, "Zabsent").termfreq(), 0u);
  std::vector<Xapian::termcount> wdfs;
  list.wdfs({1, 2, 3, 5, 99}, wdfs);
  EXPECT_EQ(wdfs, (std::vector<Xapian::termcount>{1, 70000, 65535, 0, 0}));
}

TEST(TermPostings, WdfsOfSortedDocumentsAreEachDocumentsWdf) {
  // Every third document holds the word, as often as its number modulo 5 plus one.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::docid did = 1; did <= 3000; ++did) {
    Xapian::Document d;
    if (did % 3 == 0) d.add_term("Zword", did % 5 + 1);
    d.add_term("Zother");
    db.add_document(d);
  }
  const TermPostings list(db, "Zword");
  for (const std::vector<Xapian::docid>& docs : std::vector<std::vector<Xapian::docid>>{
           {}, {3}, {1, 2}, {3, 6, 9, 12}, {2999, 3000}, {1, 1500, 1501, 2997, 3001, 5000}, {4, 5, 300, 301, 302, 2400}}) {
    std::vector<Xapian::termcount> wdfs;
    list.wdfs(docs, wdfs);
    ASSERT_EQ(wdfs.size(), docs.size());
    for (std::size_t k = 0; k < docs.size(); ++k) EXPECT_EQ(wdfs[k], list.wdf(docs[k])) << "document " << docs[k];
  }
  std::vector<Xapian::docid> every(3000);
  for (Xapian::docid did = 1; did <= 3000; ++did) every[did - 1] = did;
  std::vector<Xapian::termcount> wdfs;
  list.wdfs(every, wdfs);
  for (Xapian::docid did = 1; did <= 3000; ++did) EXPECT_EQ(wdfs[did - 1], did % 3 == 0 ? did % 5 + 1 : 0u) << did;
}

}  // namespace
