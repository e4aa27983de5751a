#include "search/snippet_stem.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "core/index_schema.h"

namespace km::search {
namespace {

class SnippetStem : public Xapian::StemImplementation {
 public:
  explicit SnippetStem(const Xapian::Query& query) {
    shortest_.fill(kNone);
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      const std::string& term = *t;
      if (term.size() < 2 || term[0] != 'Z') continue;
      std::size_t& shortest = shortest_[static_cast<unsigned char>(term[1])];
      shortest = std::min(shortest, term.size() - 1);
    }
  }

  std::string operator()(const std::string& word) override {
    if (word.empty() || word.size() < shortest_[static_cast<unsigned char>(word[0])]) return {};
    return stem_(word);
  }
  std::string get_description() const override { return "snippet " + stem_.get_description(); }

 private:
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  Xapian::Stem stem_{core::schema::kLanguage};
  std::array<std::size_t, 256> shortest_;  // by first byte: the length of the shortest query stem
};

}  // namespace

Xapian::Stem snippet_stem(const Xapian::Query& query) { return Xapian::Stem(new SnippetStem(query)); }

}  // namespace km::search
