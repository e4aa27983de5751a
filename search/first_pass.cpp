#include "search/first_pass.h"

#include <algorithm>
#include <atomic>
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

// The relative and absolute margins of a bound over the weight it bounds, far above the
// rounding of a few additions and divisions.
constexpr double kMargin = 1e-9;

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
  double bound = 0;  // above any weight it gives a document
  Xapian::docid did() const {
    const auto& docs = postings->docs();
    return at < docs.size() ? docs[at] : kEnd;
  }
  // Moves to the first document at or after `target`, by steps doubling from where it is.
  void seek(Xapian::docid target) {
    const auto& docs = postings->docs();
    std::size_t step = 1, to = at;
    while (to + step < docs.size() && docs[to + step] < target) {
      to += step;
      step *= 2;
    }
    const auto first = docs.begin() + static_cast<std::ptrdiff_t>(to);
    const auto last = docs.begin() + static_cast<std::ptrdiff_t>(std::min(docs.size(), to + step + 1));
    at = static_cast<std::size_t>(std::lower_bound(first, last, target) - docs.begin());
  }
  static constexpr Xapian::docid kEnd = std::numeric_limits<Xapian::docid>::max();
};

// The best `count` matches so far: a heap whose front is the worst of them.
class Best {
 public:
  explicit Best(Xapian::doccount count) : count_(count) { heap_.reserve(count); }
  // Documents come in ascending order: a later one ties an earlier one only to lose to it, so
  // it enters only with a weight above threshold().
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
  bool full() const { return count_ > 0 && heap_.size() == count_; }
  double threshold() const { return full() ? heap_.front().weight : -std::numeric_limits<double>::infinity(); }
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
                                        const PlainFilter& filter, Xapian::doccount count, const RankingOptions& o) {
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

  const Bm25 bm25(db, o);
  // A weight grows with the wdf and falls with the document's length: a list's bound is its
  // largest wdf in the shortest document, plus a margin for rounding.
  const double shortest = bm25.length_part(db.get_doclength_lower_bound());
  const std::size_t n = terms.size();
  std::vector<Cursor> lists(n);
  for (std::size_t i = 0; i < n; ++i) {
    Cursor& c = lists[i];
    c.postings = TermPostingsCache::get(db, *snapshot, terms[i]);
    c.termweight = bm25.termweight(c.postings->termfreq());
    c.bound = Bm25::weight(c.termweight, c.postings->max_wdf(), shortest) * (1 + kMargin) + kMargin;
  }
  const PlainCheck accepts(db, *values, filter);
  const OrTree tree(freqs, db.get_doccount());
  std::vector<char> held(tree.nodes());
  std::vector<double> weight(tree.nodes());

  // MaxScore (Turtle and Flood, 1995): the lists in order of their bounds, and below[k] the sum
  // of the first k bounds. Once the page's worst weight reaches below[k], a document held by
  // none but the first k lists cannot enter: those lists are only looked into for documents
  // the others bring (the first `lookups` of them), and the walk reads the others alone.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lists[a].bound < lists[b].bound; });
  std::vector<double> below(n + 1, 0.0);
  for (std::size_t k = 0; k < n; ++k) below[k + 1] = below[k] + lists[order[k]].bound;
  std::size_t lookups = 0;

  KeptPass out;
  Best best(count);
  while (true) {
    Xapian::docid did = Cursor::kEnd;
    for (std::size_t k = lookups; k < n; ++k) did = std::min(did, lists[order[k]].did());
    if (did == Cursor::kEnd) break;
    const bool shown = accepts(did);
    const double base = shown ? bm25.length_part(values->length(did)) : 0;
    for (std::size_t k = 0; k < lookups; ++k) held[order[k]] = false;
    double sum = 0;  // of the weights found so far (in no particular order: for bounds only)
    for (std::size_t k = lookups; k < n; ++k) {
      const std::size_t i = order[k];
      Cursor& c = lists[i];
      held[i] = c.did() == did;
      if (!held[i]) continue;
      if (shown) {
        weight[i] = Bm25::weight(c.termweight, c.postings->wdf_at(c.at), base);
        sum += weight[i];
      }
      ++c.at;
    }
    if (!shown) continue;
    ++out.visible;
    const double threshold = best.threshold();
    bool may_enter = sum * (1 + kMargin) + below[lookups] > threshold;
    for (std::size_t k = lookups; k-- > 0 && may_enter;) {
      const std::size_t i = order[k];
      Cursor& c = lists[i];
      c.seek(did);
      held[i] = c.did() == did;
      if (held[i]) {
        weight[i] = Bm25::weight(c.termweight, c.postings->wdf_at(c.at), base);
        sum += weight[i];
      }
      may_enter = sum * (1 + kMargin) + below[k] > threshold;
    }
    if (!may_enter) continue;
    best.offer(did, tree.weigh(held, weight));
    while (lookups < n && below[lookups + 1] <= best.threshold()) ++lookups;
  }
  out.best = best.take();
  ++passes;
  return out;
}

}  // namespace km::search
