// km-gen-corpus: a large seeded corpus and query set for benchmarks and load tests.
//
//   km-gen-corpus --from FOLDER --count N [--words LESSONS.jsonl] [--seed S] > items.jsonl
//   km-gen-corpus --from FOLDER --queries N --words LESSONS.jsonl [--seed S] > queries.jsonl
//
// With --words (real lessons, e.g. ../shared/data/llis/lessons.jsonl), text is drawn word by
// word from the lessons' own vocabulary with their own frequencies (a real Zipf curve): titles
// of 6-10 words, bodies of 150-400; every item is validated, 60% `shared` and 40% `org`,
// organisations alternating, with the concepts, community and author of a sample item of its
// organisation (read from FOLDER). Without --words, items are made of the sample's sentences
// (4-12 each) with the sample's status and visibility mix (80/15/5, 60/30/10).
//
// --queries writes N search queries ({"id","text"} plus "params", a query string of filters)
// of 1-4 content words with the same frequencies; 10% carry a filter, 5% are a two-word phrase
// taken from a real title. The same seed gives the same output.
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/item.h"
#include "core/stopwords.h"
#include "core/text.h"
#include "indexer/readers.h"

namespace {

struct Pool {
  std::vector<km::core::Item> items;
  std::vector<std::pair<std::string, std::size_t>> sentences;  // text, index of its item
};

// Real words with their frequencies, and the lessons' titles (for phrases).
struct Vocabulary {
  std::vector<std::string> words;
  std::discrete_distribution<std::size_t> all, content;  // every word; stop words left out
  std::vector<std::vector<std::string>> titles;
};

// Splits text at ". " into sentences that end with a full stop.
std::vector<std::string> sentences_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(". ", start);
    if (end == std::string::npos) end = text.size();
    std::string s = text.substr(start, end - start);
    if (s.size() > 20) out.push_back(s.back() == '.' ? s : s + ".");
    start = end + 2;
  }
  return out;
}

// Lower-case ASCII words of two letters or more.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() > 1) out.push_back(word);
      word.clear();
    }
  }
  return out;
}

Vocabulary read_vocabulary(const std::string& lessons) {
  std::ifstream in(lessons);
  if (!in) throw km::core::InvalidInput(lessons + ": cannot read");
  std::map<std::string, double> counts;
  Vocabulary v;
  std::string line;
  while (std::getline(in, line)) {
    const auto lesson = nlohmann::json::parse(line);
    std::string text = lesson.value("title", "");
    v.titles.push_back(words_of(text));
    const nlohmann::json sections = lesson.value("sections", nlohmann::json::object());
    for (const auto& [name, section] : sections.items()) {
      if (section.is_string()) text += " " + section.get<std::string>();
    }
    for (const auto& w : words_of(text)) ++counts[w];
  }
  if (counts.empty()) throw km::core::InvalidInput(lessons + ": no words");
  std::vector<double> all, content;
  for (const auto& [word, n] : counts) {
    v.words.push_back(word);
    all.push_back(n);
    content.push_back(km::core::is_stopword(word) ? 0 : n);
  }
  v.all = std::discrete_distribution<std::size_t>(all.begin(), all.end());
  v.content = std::discrete_distribution<std::size_t>(content.begin(), content.end());
  return v;
}

std::map<std::string, Pool> read_pools(const std::string& folder) {
  std::map<std::string, Pool> pools;
  for (const auto& file : km::indexer::collect_inputs({folder})) {
    for (const auto& record : km::indexer::read_file(file)) {
      auto parsed = km::core::parse_item(record.fields);
      if (!parsed.item) continue;
      Pool& pool = pools[parsed.item->org];
      pool.items.push_back(*parsed.item);
      for (const auto& s : sentences_of(parsed.item->full_text())) pool.sentences.emplace_back(s, pool.items.size() - 1);
    }
  }
  if (pools.empty()) throw km::core::InvalidInput(folder + ": no items to draw from");
  return pools;
}

int uniform(int lo, int hi, std::mt19937& rng) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

std::string date(std::mt19937& rng) {
  char text[11];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", uniform(2023, 2026, rng), uniform(1, 12, rng), uniform(1, 28, rng));
  return text;
}

template <typename T>
const T& pick(const std::vector<T>& from, std::mt19937& rng) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

std::string draw_words(Vocabulary& v, int count, std::mt19937& rng) {
  std::string out;
  for (int i = 0; i < count; ++i) out += (out.empty() ? "" : " ") + v.words[v.all(rng)];
  return out;
}

// Text, status and visibility of one item: real-word text when a vocabulary is given.
void fill_text(nlohmann::json& item, const Pool& pool, const km::core::Item& lead, Vocabulary* vocabulary,
               std::set<std::string>& concepts, std::mt19937& rng) {
  const std::string n = item["id"].get<std::string>().substr(4);
  if (vocabulary) {
    std::string title = draw_words(*vocabulary, uniform(6, 10, rng), rng);
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    item["title"] = title;
    item["body"] = draw_words(*vocabulary, uniform(150, 400, rng), rng) + ".";
    item["visibility"] = uniform(0, 9, rng) < 6 ? "shared" : "org";
    item["status"] = "validated";
    return;
  }
  std::string body;
  const int count = uniform(4, 12, rng);
  for (int i = 0; i < count; ++i) {
    const auto& [sentence, from] = pick(pool.sentences, rng);
    body += (body.empty() ? "" : " ") + sentence;
    if (i < 2) concepts.insert(pool.items[from].concepts.begin(), pool.items[from].concepts.end());
  }
  const int visibility = uniform(0, 9, rng), status = uniform(0, 19, rng);
  item["title"] = lead.title + " (" + n + ")";
  item["body"] = body;
  item["visibility"] = visibility < 6 ? "shared" : visibility < 9 ? "org" : "community";
  item["status"] = status < 16 ? "validated" : status < 19 ? "draft" : "retired";
}

nlohmann::json generate(std::size_t n, const std::map<std::string, Pool>& pools, Vocabulary* vocabulary,
                        std::mt19937& rng) {
  auto org_it = pools.begin();
  std::advance(org_it, static_cast<long>(n % pools.size()));
  const Pool& pool = org_it->second;
  const km::core::Item& lead = pick(pool.items, rng);
  std::set<std::string> concepts(lead.concepts.begin(), lead.concepts.end());
  nlohmann::json item = {{"id", "gen-" + std::to_string(n)}, {"org", org_it->first},
                         {"kind", std::string(km::core::to_string(lead.kind))}};
  fill_text(item, pool, lead, vocabulary, concepts, rng);
  std::string created = date(rng), updated = date(rng);
  if (updated < created) std::swap(created, updated);
  item["concepts"] = std::vector<std::string>(concepts.begin(), concepts.end());
  item["created"] = created;
  item["updated"] = updated;
  if (!lead.community.empty()) item["community"] = lead.community;
  if (!lead.author.empty()) item["author"] = lead.author;
  return item;
}

nlohmann::json generate_query(std::size_t n, const std::map<std::string, Pool>& pools, Vocabulary& v, std::mt19937& rng) {
  const int shape = uniform(0, 99, rng);
  std::string text;
  if (shape < 5) {
    // A two-word phrase from a real title.
    std::vector<std::string> title;
    while (title.size() < 2) title = pick(v.titles, rng);
    const std::size_t at = std::uniform_int_distribution<std::size_t>(0, title.size() - 2)(rng);
    text = "\"" + title[at] + " " + title[at + 1] + "\"";
  } else {
    static const std::discrete_distribution<int> kLength{30, 35, 20, 15};  // 1, 2, 3 or 4 words
    auto length = kLength;
    const int words = length(rng) + 1;
    for (int i = 0; i < words; ++i) text += (text.empty() ? "" : " ") + v.words[v.content(rng)];
  }
  std::string params;
  if (shape >= 90) {
    auto org = pools.begin();
    std::advance(org, uniform(0, static_cast<int>(pools.size()) - 1, rng));
    params = shape < 95 ? "org=" + org->first : "kind=" + std::string(km::core::to_string(pick(org->second.items, rng).kind));
  }
  return {{"id", "q" + std::to_string(n)}, {"text", text}, {"params", params}};
}

// A whole number from 1 to `max` given to `flag` ("5x" is an error, never 5).
long long whole_number(const std::string& flag, const std::string& value, long long max) {
  const auto n = km::core::parse_integer(value, 1, max);
  if (!n) throw km::core::InvalidInput(flag + " must be a whole number from 1 to " + std::to_string(max));
  return *n;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string from, words;
    std::size_t count = 0, queries = 0;
    unsigned seed = 42;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (i + 1 >= argc) throw km::core::InvalidInput(a + " needs a value");
      if (a == "--from") from = argv[++i];
      else if (a == "--words") words = argv[++i];
      else if (a == "--count") count = static_cast<std::size_t>(whole_number(a, argv[++i], 100'000'000));
      else if (a == "--queries") queries = static_cast<std::size_t>(whole_number(a, argv[++i], 1'000'000));
      else if (a == "--seed") seed = static_cast<unsigned>(whole_number(a, argv[++i], 4'294'967'295LL));
      else throw km::core::InvalidInput("unknown option " + a);
    }
    if (from.empty() || (count == 0) == (queries == 0) || (queries > 0 && words.empty())) {
      throw km::core::InvalidInput(
          "usage: km-gen-corpus --from FOLDER (--count N [--words LESSONS] | --queries N --words LESSONS) [--seed S]");
    }
    const auto pools = read_pools(from);
    std::optional<Vocabulary> vocabulary;
    if (!words.empty()) vocabulary = read_vocabulary(words);
    std::mt19937 rng(seed);
    for (std::size_t n = 0; n < queries; ++n) std::cout << generate_query(n, pools, *vocabulary, rng).dump() << "\n";
    for (std::size_t n = 0; n < count; ++n) {
      std::cout << generate(n, pools, vocabulary ? &*vocabulary : nullptr, rng).dump() << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "km-gen-corpus: " << e.what() << "\n";
    return 2;
  }
}
