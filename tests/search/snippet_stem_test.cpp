// The snippet stemmer (search/snippet_stem.h) against Xapian's English stemmer: the same
// snippets for every result of every query, on texts full of the stemmer's special cases and,
// when ../shared/data is there, on real NASA lessons; and the two facts it rests on (a stem
// keeps its word's first letter and is never longer) for every word of those texts.
#include "search/snippet_stem.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/index_schema.h"
#include "search/text_query.h"

namespace {

const std::vector<std::string> kSpecialCases = {
    "Dying batteries were lying on the bench, tying up the skies of the test range; skis and news.",
    "The ability to generalize: generously, gently, ugly, early, only, singly, idly; the atlas and the cosmos.",
    "Hoping, hopping and hoped: the operational organization's rationalization of conditional relations.",
    "Sensitivity, sensibility and responsiveness; fullness, hopefulness, lessly, callously, electrical electricity.",
    "Yelling Yes at the yard: played, plays, playing; cried, cries, crying; agreed, feed, proceed, exceed.",
    "Ürünler and naïve café résumés; don't won't can't; O'Brien's report, Y2K and 3D-printed parts.",
};

std::vector<std::string> words(const std::vector<std::string>& texts) {
  std::set<std::string> out;
  for (const auto& text : texts) {
    Xapian::Document doc;
    Xapian::TermGenerator gen;
    gen.set_document(doc);
    gen.index_text(text);  // unstemmed, lower case: the words a snippet stems
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  }
  return {out.begin(), out.end()};
}

// Up to `limit` texts of the real lessons (their sections joined), or none without ../shared.
std::vector<std::string> lessons(std::size_t limit) {
  std::ifstream in(KM_SHARED_DATA_DIR "/llis/lessons.jsonl");
  std::vector<std::string> out;
  for (std::string line; out.size() < limit && std::getline(in, line);) {
    const auto lesson = nlohmann::json::parse(line);
    std::string text = lesson.value("title", "");
    for (const auto& [name, section] : lesson["sections"].items()) {
      if (section.is_string()) text += "\n" + section.get<std::string>();
    }
    out.push_back(text);
  }
  return out;
}

// Every query, over an index of `texts`: each result's snippet with the snippet stemmer is the
// one with Xapian's own.
void expect_same_snippets(const std::vector<std::string>& texts, const std::vector<std::string>& queries) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
  for (const auto& text : texts) {
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(text);
    doc.set_data(text);
    db.add_document(doc);
  }
  Xapian::Database reader = db;
  Xapian::QueryParser parser = km::search::make_parser(reader);
  std::size_t compared = 0, marked = 0;
  for (const auto& q : queries) {
    Xapian::Enquire enquire(reader);
    enquire.set_query(parser.parse_query(q, km::search::kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    const Xapian::Stem fast = km::search::snippet_stem(enquire.get_query());
    const Xapian::Stem full(km::core::schema::kLanguage);
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      const std::string text = m.get_document().get_data();
      const std::string expected = mset.snippet(text, 300, full, 0, "<mark>", "</mark>", "…");
      EXPECT_EQ(mset.snippet(text, 300, fast, 0, "<mark>", "</mark>", "…"), expected) << "query: " << q;
      ++compared;
      marked += expected.find("<mark>") != std::string::npos;
    }
  }
  EXPECT_GE(compared, queries.size());  // every query found something to compare
  EXPECT_GT(marked, compared / 2);      // and their words are marked in the snippets
}

TEST(SnippetStemTest, EveryWordKeepsItsFirstLetterAndNeverGrows) {
  std::vector<std::string> texts = lessons(2000);
  texts.insert(texts.end(), kSpecialCases.begin(), kSpecialCases.end());
  const Xapian::Stem stem(km::core::schema::kLanguage);
  for (const std::string& word : words(texts)) {
    const std::string s = stem(word);
    if (s.empty()) continue;
    EXPECT_EQ(s[0], word[0]) << word << " -> " << s;
    EXPECT_LE(s.size(), word.size()) << word << " -> " << s;
  }
}

TEST(SnippetStemTest, TheSpecialCasesOfEnglishStemmingGiveTheSameSnippets) {
  expect_same_snippets(kSpecialCases, {"die", "lie tie", "sky ski", "news", "ability generous", "gentle ugly early",
                                       "only single idle", "hope", "hopping", "operation organize", "rational",
                                       "condition relate", "sensitive", "responsive full", "hopeful", "callous",
                                       "electric", "yell yes", "yard play", "cry", "agree feed", "proceed exceed",
                                       "cafe resume", "naive", "brien report", "y2k printed"});
}

TEST(SnippetStemTest, RealLessonsGiveTheSameSnippets) {
  const std::vector<std::string> texts = lessons(400);
  if (texts.empty()) GTEST_SKIP() << KM_SHARED_DATA_DIR "/llis/lessons.jsonl is absent: no real lessons to compare on";
  // Queries of one to three words taken from the lessons' own text, stemmed and not.
  const std::vector<std::string> vocabulary = words(texts);
  std::vector<std::string> queries;
  for (std::size_t i = 0; i + 2 < vocabulary.size() && queries.size() < 150; i += vocabulary.size() / 150) {
    queries.push_back(vocabulary[i]);
    queries.push_back(vocabulary[i] + " " + vocabulary[i + 1]);
    queries.push_back("\"" + vocabulary[i + 1] + " " + vocabulary[i + 2] + "\" testing");
  }
  expect_same_snippets(texts, queries);
}

}  // namespace
