#include "search/first_pass.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <set>

#include "search/doc_values.h"
#include "search/snapshot_cache.h"
#include "search/term_freqs.h"
#include "search/term_postings.h"

namespace km::search {

namespace {

std::atomic<std::size_t> passes{0};

// Xapian's tree of ORs over n lists (1.4, OrContext::postlist): the lists in a heap by estimated
// frequency, the two least frequent taken and paired, their pair put back with the estimate
// of an OR of independent lists, until one is left. Nodes 0 to n-1 are the lists; node n + k is
// pairs_[k], whose two sides are earlier nodes. A document's weight at a pair is the sum of its
// sides' (left first) where both hold it, else the one side's.
class OrTree {
 public:
  OrTree(const std::vector<Xapian::doccount>& freqs, Xapian::doccount documents) : lists_(freqs.size()) {
    struct Node {
      Xapian::doccount est;
      std::size_t id;
    };
    const auto rarer_first = [](const Node& a, const Node& b) { return a.est > b.est; };  // ComparePostListTermFreqAscending
    std::vector<Node> heap;
    for (std::size_t i = 0; i < freqs.size(); ++i) heap.push_back({freqs[i], i});
    if (heap.size() < 2) return;
    std::make_heap(heap.begin(), heap.end(), rarer_first);
    while (true) {
      const Node right = heap.front();
      std::pop_heap(heap.begin(), heap.end(), rarer_first);
      heap.pop_back();
      const Node left = heap.front();
      pairs_.push_back({left.id, right.id});
      const double l = left.est, r = right.est;  // OrPostList::get_termfreq_est
      const Node pair{static_cast<Xapian::doccount>(l + r - (l * r / documents) + 0.5), lists_ + pairs_.size() - 1};
      if (heap.size() == 1) return;
      std::pop_heap(heap.begin(), heap.end(), rarer_first);
      heap.back() = pair;
      std::push_heap(heap.begin(), heap.end(), rarer_first);
    }
  }

  // The weight of a document holding list i where held[i], weighing weight[i] there (both of
  // size nodes(): the pairs' entries are filled in here).
  double weigh(std::vector<char>& held, std::vector<double>& weight) const {
    for (std::size_t k = 0; k < pairs_.size(); ++k) {
      const auto [l, r] = pairs_[k];
      const std::size_t at = lists_ + k;
      held[at] = held[l] || held[r];
      weight[at] = held[l] && held[r] ? weight[l] + weight[r] : held[l] ? weight[l] : weight[r];
    }
    return weight[nodes() - 1];  // the root (the one list where there is one)
  }
  std::size_t nodes() const { return lists_ + pairs_.size(); }

 private:
  std::size_t lists_;
  std::vector<std::pair<std::size_t, std::size_t>> pairs_;
};

// One list as the walk reads it.
struct Cursor {
  std::shared_ptr<const TermPostings> postings;
  std::size_t at = 0;
  double termweight = 0;
  Xapian::docid did() const {
    const auto& docs = postings->docs();
    return at < docs.size() ? docs[at] : std::numeric_limits<Xapian::docid>::max();
  }
};

// The best `count` matches so far: a heap whose front is the worst of them.
class Best {
 public:
  explicit Best(Xapian::doccount count) : count_(count) { heap_.reserve(count); }
  // Documents come in ascending order: a later one ties an earlier one only to lose to it.
  void offer(Xapian::docid did, double weight) {
    if (heap_.size() < count_) {
      heap_.push_back({did, weight});
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (count_ > 0 && weight > heap_.front().weight) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = {did, weight};
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  Matches take() {
    std::sort_heap(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  static bool better(const Match& a, const Match& b) { return a.weight != b.weight ? a.weight > b.weight : a.did < b.did; }
  Xapian::doccount count_;
  Matches heap_;
};

}  // namespace

std::size_t kept_first_passes() { return passes; }

std::optional<KeptPass> kept_first_pass(const Xapian::Database& db, const std::vector<std::string>& terms,
                                        const VisibleDocs::Bitmap& visible, Xapian::doccount count, const RankingOptions& o) {
  if (terms.empty() || db.size() != 1) return std::nullopt;
  if (std::set<std::string>(terms.begin(), terms.end()).size() != terms.size()) return std::nullopt;
  const std::optional<std::string> snapshot = snapshot_key_of_parts(db);
  const std::shared_ptr<const DocValues> values = snapshot ? DocValues::of(db) : nullptr;
  if (!values) return std::nullopt;
  const TermFreqs termfreq(db);
  std::vector<Xapian::doccount> freqs;
  for (const std::string& term : terms) {
    freqs.push_back(termfreq(term));
    if (freqs.back() == 0 || freqs.back() > kMaxFirstPassPostings) return std::nullopt;
  }

  // BM25Weight::init and get_sumpart, step for step (as add_kept in ranking.cpp).
  const double documents = db.get_doccount();
  double len_factor = db.get_avlength();
  if (len_factor != 0) len_factor = 1 / len_factor;
  std::vector<Cursor> lists(terms.size());
  for (std::size_t i = 0; i < terms.size(); ++i) {
    lists[i].postings = TermPostingsCache::get(db, *snapshot, terms[i]);
    const double tf = lists[i].postings->termfreq();
    double tw = (documents - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    lists[i].termweight = std::log(tw) * (o.bm25_k1 + 1);  // factor 1, and k3's factor 1 (a query frequency of 1)
  }
  const OrTree tree(freqs, db.get_doccount());
  std::vector<char> held(tree.nodes());
  std::vector<double> weight(tree.nodes());
  KeptPass out;
  Best best(count);
  while (true) {
    Xapian::docid did = std::numeric_limits<Xapian::docid>::max();
    for (const Cursor& c : lists) did = std::min(did, c.did());
    if (did == std::numeric_limits<Xapian::docid>::max()) break;
    const bool shown = visible.holds(did);
    double denom_base = 0;
    if (shown) {
      const double normlen = std::max(values->length(did) * len_factor, 0.5);
      denom_base = o.bm25_k1 * (normlen * o.bm25_b + (1 - o.bm25_b));
    }
    for (std::size_t i = 0; i < lists.size(); ++i) {
      Cursor& c = lists[i];
      held[i] = c.did() == did;
      if (!held[i]) continue;
      if (shown) {
        const double wdf = c.postings->wdf_at(c.at);
        weight[i] = c.termweight * (wdf / (denom_base + wdf));
      }
      ++c.at;
    }
    if (!shown) continue;
    ++out.visible;
    best.offer(did, tree.weigh(held, weight));
  }
  out.best = best.take();
  ++passes;
  return out;
}

}  // namespace km::search
