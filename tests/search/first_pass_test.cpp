// The first pass over kept postings (search/first_pass.h): the same matches, in the same order,
// with the same weights to the last bit as Xapian's matcher gives the same query under the same
// visibility, for two users who see different items, with ties and with other BM25 parameters;
// the same snippet weights; searches whose answers are the same either way; and the cases left
// to the matcher.
#include "search/first_pass.h"

#include <gtest/gtest.h>

#include <map>
#include <string_view>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/index_schema.h"
#include "search/access.h"
#include "search/query_terms.h"
#include "search/search.h"
#include "search/text_query.h"
#include "tests/support/sharded_index_test.h"

namespace {

namespace kms = km::search;

const std::vector<std::string> kWords = {"router", "firmware", "outage", "customer", "billing", "cabinet", "fibre",
                                         "upgrade", "reset",    "power",  "signal",   "repeat",  "engineer", "visit"};

// Bodies of 5 to 60 words, each its own mix; every tenth item repeats the one before it (equal
// weights: ties broken by document number). The orgs alternate, a fifth are insights and a
// quarter in the billing community; a third of the items are visible to their own org only.
km::core::Item item(int n) {
  const int source = n % 10 == 9 ? n - 1 : n;
  std::string body;
  unsigned state = static_cast<unsigned>(source) * 2654435761u + 7;
  for (int i = 0, words = 5 + source % 56; i < words; ++i) {
    state = state * 1103515245u + 12345u;
    body += kWords[(state >> 16) % (3 + static_cast<std::size_t>(source) % (kWords.size() - 2))] + " ";  // of the first 3 to 14 words
  }
  km::core::Item i;
  i.id = "i" + std::to_string(n);
  i.org = n % 2 ? "client" : "partner";
  i.title = "Note " + kWords[static_cast<std::size_t>(source) % kWords.size()];
  i.body = body;
  i.kind = n % 5 ? km::core::Kind::lesson : km::core::Kind::insight;
  i.community = n % 4 ? "networks" : "billing";
  i.visibility = n % 3 == 1 ? km::core::Visibility::org : km::core::Visibility::shared;
  i.status = km::core::Status::validated;
  return i;
}

using km::testing::reader;

class FirstPassTest : public km::testing::ShardedIndexTest {
 protected:
  km::core::ShardedDatabase indexed(int n, bool values = true) { return ShardedIndexTest::indexed(n, item, values); }

  // The terms of `text` as a search parses them.
  static std::vector<std::string> terms_of(Xapian::Database& db, const std::string& text) {
    Xapian::QueryParser parser = kms::make_parser(db, true);
    return kms::ored_terms(parser.parse_query(text, kms::kParseFlags)).value();
  }
};

INSTANTIATE_TEST_SUITE_P(Shards, FirstPassTest, ::testing::Values(1));
class FirstPassShardsTest : public FirstPassTest {};
INSTANTIATE_TEST_SUITE_P(Shards, FirstPassShardsTest, ::testing::Values(3));

// Every query of one to four of the words (a sample of each size), and its terms.
std::vector<std::string> queries() {
  std::vector<std::string> out;
  for (std::size_t a = 0; a < kWords.size(); ++a) {
    out.push_back(kWords[a]);
    out.push_back(kWords[a] + " " + kWords[(a + 3) % kWords.size()]);
    out.push_back(kWords[a] + " " + kWords[(a + 1) % kWords.size()] + " " + kWords[(a + 5) % kWords.size()]);
    out.push_back(kWords[a] + " " + kWords[(a + 2) % kWords.size()] + " " + kWords[(a + 7) % kWords.size()] + " " +
                  kWords[(a + 11) % kWords.size()]);
  }
  return out;
}

TEST_P(FirstPassTest, WeighsAndOrdersEveryMatchAsXapiansMatcherDoes) {
  km::core::ShardedDatabase db = indexed(2000);
  kms::RankingOptions tuned;
  kms::RankingOptions other;
  other.bm25_k1 = 2.0;
  other.bm25_b = 0.3;
  // No filter beyond visibility; one org; two kinds in one community.
  using Allowed = std::map<kms::Facet, std::vector<std::string>>;
  const std::vector<Allowed> filters = {{}, {{kms::Facet::org, {"client"}}},
                                        {{kms::Facet::kind, {"lesson", "insight"}}, {kms::Facet::community, {"billing"}}}};
  std::size_t compared = 0, ties = 0, skipped = 0;
  for (const kms::RankingOptions& o : {tuned, other}) {
    for (const std::string org : {"client", "partner"}) {
      const auto terms = kms::audience_terms(reader(org), false);
      for (const Allowed& allowed : filters) {
       for (const std::string& text : queries()) {
        for (const Xapian::doccount count : {Xapian::doccount{5}, Xapian::doccount{80}, Xapian::doccount{5000}}) {
          SCOPED_TRACE(org + " '" + text + "' count " + std::to_string(count) + " k1 " + std::to_string(o.bm25_k1) +
                       " filters " + std::to_string(allowed.size()));
          const auto kept = kms::kept_first_pass(db, terms_of(db, text), kms::PlainFilter{terms, allowed}, count, o);
          ASSERT_TRUE(kept.has_value());

          // The matcher: the text query filtered by the allowed values' terms, visibility decided.
          Xapian::QueryParser parser = kms::make_parser(db, true);
          Xapian::Enquire enquire(db);
          enquire.set_weighting_scheme(kms::bm25(o));
          Xapian::Query query = parser.parse_query(text, kms::kParseFlags);
          for (const auto& [facet, values] : allowed) {
            const std::string_view prefix = facet == kms::Facet::org    ? km::core::schema::kOrgPrefix
                                            : facet == kms::Facet::kind ? km::core::schema::kKindPrefix
                                                                        : km::core::schema::kCommunityPrefix;
            std::vector<Xapian::Query> any;
            for (const std::string& v : values) any.emplace_back(km::core::schema::term(prefix, v));
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
          }
          enquire.set_query(query);
          kms::VisibleDecider visible(db, terms);
          const Xapian::MSet mset = enquire.get_mset(0, count, db.get_doccount(), nullptr, &visible);
          ASSERT_EQ(kept->best.size(), mset.size());
          std::size_t i = 0;
          for (auto m = mset.begin(); m != mset.end(); ++m, ++i) {
            ASSERT_EQ(kept->best[i].did, *m) << "match " << i;
            ASSERT_EQ(kept->best[i].weight, m.get_weight()) << "match " << i << ": the same bits";
            ties += i > 0 && kept->best[i].weight == kept->best[i - 1].weight;
          }
          // A lower bound on the visible matches (the matcher was asked to count them all).
          EXPECT_EQ(mset.get_matches_lower_bound(), mset.get_matches_upper_bound());
          EXPECT_LE(kept->visible, mset.get_matches_estimated());
          EXPECT_GE(kept->visible, kept->best.size());
          skipped += kept->visible < mset.get_matches_estimated();
          ++compared;
          // The terms' weights for the snippets (search.cpp asks an MSet of no match for them),
          // as the matcher's pass gives them.
          Xapian::Enquire weigher(db);
          weigher.set_weighting_scheme(kms::bm25(o));
          weigher.set_query(parser.parse_query(text, kms::kParseFlags));
          const Xapian::MSet weights = weigher.get_mset(0, 0);
          for (const std::string& term : terms_of(db, text)) {
            ASSERT_EQ(weights.get_termweight(term), mset.get_termweight(term)) << term;
            ASSERT_GT(weights.get_termweight(term), 0.0) << term;
          }
        }
       }
      }
    }
  }
  EXPECT_EQ(compared, 2 * 2 * filters.size() * queries().size() * 3);
  EXPECT_GT(ties, 0u) << "the corpus has ties, ordered by document number";
  EXPECT_GT(skipped, compared / 4) << "matches that could not reach the page were skipped";
}

TEST_P(FirstPassTest, LeavesToTheMatcherWhatItCannotWeighAsTheMatcherWould) {
  km::core::ShardedDatabase db = indexed(300);
  const kms::RankingOptions o;
  const kms::PlainFilter client{kms::audience_terms(reader("client"), false), {}};
  EXPECT_TRUE(kms::kept_first_pass(db, {"Zrouter", "Zfibr"}, client, 10, o).has_value());
  // A repeated term (its weight is not twice its own), a term in no document, no terms.
  EXPECT_FALSE(kms::kept_first_pass(db, {"Zrouter", "Zrouter"}, client, 10, o).has_value());
  EXPECT_FALSE(kms::kept_first_pass(db, {"Zrouter", "Znosuchword"}, client, 10, o).has_value());
  EXPECT_FALSE(kms::kept_first_pass(db, {}, client, 10, o).has_value());
}

TEST_P(FirstPassTest, NeedsTheDocumentLengthsOfTheSnapshot) {
  km::core::ShardedDatabase db = indexed(300, false);
  const kms::PlainFilter client{kms::audience_terms(reader("client"), false), {}};
  EXPECT_FALSE(kms::kept_first_pass(db, {"Zrouter"}, client, 10, kms::RankingOptions()).has_value());
}

TEST_P(FirstPassShardsTest, LeavesShardsToTheMatcher) {
  // Xapian builds each shard's tree of ORs from that shard's own frequencies.
  km::core::ShardedDatabase db = indexed(300);
  const kms::PlainFilter client{kms::audience_terms(reader("client"), false), {}};
  EXPECT_FALSE(kms::kept_first_pass(db, {"Zrouter"}, client, 10, kms::RankingOptions()).has_value());
}

TEST_P(FirstPassTest, ASearchAnswersTheSameWhicheverWayItsFirstPassWent) {
  km::core::ShardedDatabase db = indexed(2000);
  const km::taxonomy::ConceptGraph graph;
  std::size_t kept_searches = 0;
  for (const std::string org : {"client", "partner"}) {
    for (const std::string& text : queries()) {
      for (const int page : {1, 3}) {
        SCOPED_TRACE(org + " '" + text + "' page " + std::to_string(page));
        kms::SearchParams p;
        p.q = text;
        p.page = page;
        p.today = "2026-12-05";
        const std::size_t before = kms::kept_first_passes();
        const nlohmann::json kept = kms::search(db, reader(org), p, graph);
        kept_searches += kms::kept_first_passes() > before;
        p.ranking.kept_first_pass = false;
        const nlohmann::json matched = kms::search(db, reader(org), p, graph);
        EXPECT_EQ(kept, matched);
        EXPECT_FALSE(kept["results"].empty());
      }
    }
  }
  EXPECT_EQ(kept_searches, 2 * queries().size() * 2) << "every one of these searches took the kept way";
  // An org filter: kept too, the same answer either way.
  kms::SearchParams filtered;
  filtered.q = "router cabinet";
  filtered.org = {"client"};
  filtered.kind = {"insight"};
  const std::size_t passes = kms::kept_first_passes();
  const nlohmann::json kept = kms::search(db, reader("partner"), filtered, graph);
  EXPECT_EQ(kms::kept_first_passes(), passes + 1);
  filtered.ranking.kept_first_pass = false;
  EXPECT_EQ(kept, kms::search(db, reader("partner"), filtered, graph));
  EXPECT_FALSE(kept["results"].empty());
  // A date filter, a phrase: the matcher's way.
  kms::SearchParams dated;
  dated.q = "router";
  dated.from = "2026-01-01";
  kms::SearchParams phrase;
  phrase.q = "\"router firmware\"";
  for (const kms::SearchParams& p : {dated, phrase}) {
    const std::size_t before = kms::kept_first_passes();
    kms::search(db, reader("client"), p, graph);
    EXPECT_EQ(kms::kept_first_passes(), before) << p.q;
  }
}

}  // namespace
