// Snippets (search/snippet.h): a word is marked exactly when Xapian's indexer gives it one of
// the query's terms, the passage holds the query's words wherever Xapian's own snippet found
// any, the text is escaped, and the fact the stemming shortcut rests on (a stem keeps its
// word but for the stem's last two letters, and is never longer) holds for every word of real NASA lessons and of
// texts full of the stemmer's special cases.
#include "search/snippet.h"

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

// The terms Xapian's indexer gives `text` (unstemmed and "Z" + stem, as core::schema indexes).
std::set<std::string> indexed_terms(const std::string& text) {
  Xapian::Document doc;
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
  gen.set_document(doc);
  gen.index_text(text);
  return {doc.termlist_begin(), doc.termlist_end()};
}

std::string unescaped(std::string s) {
  for (const auto& [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, std::string(from).size(), to);
  }
  return s;
}

// A snippet split into its marked words and the text between them (unescaped).
struct Marked {
  std::vector<std::string> marked, between;
};

Marked split(const std::string& snippet) {
  Marked out;
  std::size_t at = 0;
  for (std::size_t open; (open = snippet.find("<mark>", at)) != std::string::npos;) {
    const std::size_t close = snippet.find("</mark>", open);
    out.between.push_back(unescaped(snippet.substr(at, open - at)));
    out.marked.push_back(unescaped(snippet.substr(open + 6, close - open - 6)));
    at = close + 7;
  }
  out.between.push_back(unescaped(snippet.substr(at)));
  return out;
}

// Every query, over an index of `texts`, for each result: each marked word of its snippet is
// one Xapian's indexer gives one of the query's terms, no word between them is, and the
// snippet marks a word wherever Xapian's own snippet of the text did.
void expect_marks_as_xapian_indexes(const std::vector<std::string>& texts, const std::vector<std::string>& queries) {
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
    const std::set<std::string> query_terms(enquire.get_query().get_unique_terms_begin(), enquire.get_query().get_unique_terms_end());
    const km::search::Snippets snippets(enquire.get_query(), mset);
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      const std::string text = m.get_document().get_data();
      const std::string snippet = snippets(text);
      const Marked parts = split(snippet);
      for (const std::string& word : parts.marked) {
        const std::set<std::string> terms = indexed_terms(word);
        EXPECT_TRUE(std::any_of(terms.begin(), terms.end(), [&](const std::string& t) { return query_terms.contains(t); }))
            << "query: " << q << ", marked: " << word << "\n" << snippet;
      }
      for (const std::string& between : parts.between) {
        for (const std::string& t : indexed_terms(between)) {
          EXPECT_FALSE(query_terms.contains(t)) << "query: " << q << ", unmarked: " << t << "\n" << snippet;
        }
      }
      const bool xapian_marks = mset.snippet(text, 300, Xapian::Stem(km::core::schema::kLanguage), 0, "<mark>", "</mark>", "…")
                                    .find("<mark>") != std::string::npos;
      if (xapian_marks) {
        EXPECT_FALSE(parts.marked.empty()) << "query: " << q << "\n" << snippet;
      }
      ++compared;
      marked += !parts.marked.empty();
    }
  }
  EXPECT_GE(compared, queries.size());  // every query found something to compare
  EXPECT_GT(marked, compared / 2);      // and their words are marked in the snippets
}

TEST(SnippetTest, EveryStemKeepsItsWordButForItsLastTwoLetters) {
  std::vector<std::string> texts = lessons(2000);
  texts.insert(texts.end(), kSpecialCases.begin(), kSpecialCases.end());
  const Xapian::Stem stem(km::core::schema::kLanguage);
  for (const std::string& word : words(texts)) {
    const std::string s = stem(word);
    if (s.empty()) continue;
    const std::size_t kept = std::max<std::size_t>(1, s.size() - std::min<std::size_t>(2, s.size()));
    EXPECT_EQ(s.substr(0, kept), word.substr(0, kept)) << word << " -> " << s;
    EXPECT_LE(s.size(), word.size()) << word << " -> " << s;
  }
}

TEST(SnippetTest, TheSpecialCasesOfEnglishStemmingAreMarkedAsXapianIndexesThem) {
  expect_marks_as_xapian_indexes(kSpecialCases, {"die", "lie tie", "sky ski", "news", "ability generous", "gentle ugly early",
                                       "only single idle", "hope", "hopping", "operation organize", "rational",
                                       "condition relate", "sensitive", "responsive full", "hopeful", "callous",
                                       "electric", "yell yes", "yard play", "cry", "agree feed", "proceed exceed",
                                       "cafe resume", "naive", "brien report", "y2k printed"});
}

TEST(SnippetTest, RealLessonsAreMarkedAsXapianIndexesThem) {
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
  expect_marks_as_xapian_indexes(texts, queries);
}

namespace kms = km::search;

// A query's snippets over a one-document index of `text`.
std::string snippet_of(const std::string& text, const std::string& q, std::size_t length = 300) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem(km::core::schema::kLanguage));
  Xapian::Document doc;
  gen.set_document(doc);
  gen.index_text(text);
  db.add_document(doc);
  Xapian::Database reader = db;
  Xapian::Enquire enquire(reader);
  enquire.set_query(kms::make_parser(reader).parse_query(q, kms::kParseFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION));
  return kms::Snippets(enquire.get_query(), enquire.get_mset(0, 10))(text, length);
}

std::string filler(std::size_t sentences) {
  std::string out;
  for (std::size_t i = 0; i < sentences; ++i) out += "The crew checked the valves again before the test. ";
  return out;
}

TEST(SnippetTest, EscapesTheTextAndMarksStemmedForms) {
  const std::string snippet = snippet_of("<script>alert(\"x\")</script> R&D saw Outages & outage reports.", "outage");
  EXPECT_EQ(snippet, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; R&amp;D saw <mark>Outages</mark> &amp; "
                     "<mark>outage</mark> reports.");
}

TEST(SnippetTest, ThePassageIsWhereTheQuerysWordsAre) {
  const std::string text = filler(20) + "A pump failed twice. " + filler(10) + "Then the pump failure stopped the line. " + filler(20);
  const std::string snippet = snippet_of(text, "pump failure");
  // Both words beat one word twice; the passage starts at the sentence that holds them.
  EXPECT_EQ(snippet.rfind("…Then the <mark>pump</mark> <mark>failure</mark> stopped the line. The crew", 0), 0u) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 3), "…");
  const Marked parts = split(snippet);
  std::size_t plain = 0;
  for (const auto& b : parts.between) plain += b.size();
  for (const auto& m : parts.marked) plain += m.size();
  EXPECT_LE(plain, 300u + 2 * std::string("…").size());
}

TEST(SnippetTest, WithoutTheQuerysWordsTheTextsBeginning) {
  const std::string text = "First sentence here.\n\n  Second   one. " + filler(20);
  const std::string plain = kms::Snippets()(text, 60);
  EXPECT_EQ(plain, "First sentence here. Second one. The crew checked the…");
  EXPECT_EQ(snippet_of(text, "nothing matches", 60), plain);
  EXPECT_EQ(kms::Snippets()("Short text, whole.", 300), "Short text, whole.");
  EXPECT_EQ(kms::Snippets()("", 300), "");
  EXPECT_EQ(kms::Snippets()(" ... ", 300), "");
}

TEST(SnippetTest, BadUtf8IsNeitherAWordNorACrash) {
  const std::string text = "bad \xff\xfe bytes \xe2\x82 then pump \xc3";
  const std::string snippet = snippet_of(text, "pump");
  EXPECT_NE(snippet.find("<mark>pump</mark>"), std::string::npos) << snippet;
}

}  // namespace
