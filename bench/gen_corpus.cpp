// km-gen-corpus: a large synthetic corpus for load tests, made of the sample data's own words.
//
//   km-gen-corpus --from FOLDER --count N [--seed S] > items.jsonl
//
// Each generated item takes an organisation, then a title and 4-12 sentences drawn from that
// organisation's sample items (read from FOLDER with the ingest readers), with the concepts,
// community and author of the items they came from, a visibility (60% shared, 30% org, 10%
// community), a status (80% validated, 15% draft, 5% retired) and dates in 2023-2026. The
// vocabulary, concept tags and permission mix are the sample's, at any size; the same seed
// gives the same corpus.
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/item.h"
#include "indexer/readers.h"

namespace {

struct Pool {
  std::vector<km::core::Item> items;
  std::vector<std::pair<std::string, std::size_t>> sentences;  // text, index of its item
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

std::string date(std::mt19937& rng) {
  std::uniform_int_distribution<int> year(2023, 2026), month(1, 12), day(1, 28);
  char text[11];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year(rng), month(rng), day(rng));
  return text;
}

template <typename T>
const T& pick(const std::vector<T>& from, std::mt19937& rng) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

nlohmann::json generate(std::size_t n, const std::map<std::string, Pool>& pools, std::mt19937& rng) {
  auto org_it = pools.begin();
  std::advance(org_it, static_cast<long>(n % pools.size()));
  const Pool& pool = org_it->second;
  const km::core::Item& lead = pick(pool.items, rng);
  std::set<std::string> concepts(lead.concepts.begin(), lead.concepts.end());
  std::string body;
  const int count = std::uniform_int_distribution<int>(4, 12)(rng);
  for (int i = 0; i < count; ++i) {
    const auto& [sentence, from] = pick(pool.sentences, rng);
    body += (body.empty() ? "" : " ") + sentence;
    if (i < 2) concepts.insert(pool.items[from].concepts.begin(), pool.items[from].concepts.end());
  }
  const int visibility = std::uniform_int_distribution<int>(0, 9)(rng);
  const int status = std::uniform_int_distribution<int>(0, 19)(rng);
  std::string created = date(rng), updated = date(rng);
  if (updated < created) std::swap(created, updated);
  nlohmann::json item = {{"id", "gen-" + std::to_string(n)},
                         {"org", org_it->first},
                         {"kind", std::string(km::core::to_string(lead.kind))},
                         {"title", lead.title + " (" + std::to_string(n) + ")"},
                         {"body", body},
                         {"concepts", std::vector<std::string>(concepts.begin(), concepts.end())},
                         {"visibility", visibility < 6 ? "shared" : visibility < 9 ? "org" : "community"},
                         {"status", status < 16 ? "validated" : status < 19 ? "draft" : "retired"},
                         {"created", created},
                         {"updated", updated}};
  if (!lead.community.empty()) item["community"] = lead.community;
  if (!lead.author.empty()) item["author"] = lead.author;
  return item;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string from;
    std::size_t count = 0;
    unsigned seed = 42;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (i + 1 >= argc) throw km::core::InvalidInput(a + " needs a value");
      if (a == "--from") from = argv[++i];
      else if (a == "--count") count = std::stoul(argv[++i]);
      else if (a == "--seed") seed = static_cast<unsigned>(std::stoul(argv[++i]));
      else throw km::core::InvalidInput("unknown option " + a);
    }
    if (from.empty() || count == 0) throw km::core::InvalidInput("usage: km-gen-corpus --from FOLDER --count N [--seed S]");
    const auto pools = read_pools(from);
    std::mt19937 rng(seed);
    for (std::size_t n = 0; n < count; ++n) std::cout << generate(n, pools, rng).dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "km-gen-corpus: " << e.what() << "\n";
    return 2;
  }
}
