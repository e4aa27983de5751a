#include "search/term_postings.h"

#include <algorithm>
#include <atomic>
#include <list>
#include <mutex>
#include <unordered_map>

namespace km::search {

TermPostings::TermPostings(const Xapian::Database& db, const std::string& term) {
  const Xapian::doccount n = db.get_termfreq(term);
  docs_.reserve(n);
  wdf_.reserve(n);
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    const Xapian::termcount wdf = p.get_wdf();
    max_wdf_ = std::max(max_wdf_, wdf);
    docs_.push_back(*p);
    wdf_.push_back(wdf < kWide ? static_cast<std::uint16_t>(wdf) : kWide);
    if (wdf >= kWide) wide_.emplace_back(*p, wdf);
  }
}

Xapian::termcount TermPostings::wide_wdf(std::size_t i) const {
  return std::lower_bound(wide_.begin(), wide_.end(), std::make_pair(docs_[i], Xapian::termcount{0}))->second;
}

Xapian::termcount TermPostings::wdf(Xapian::docid did) const {
  const auto at = std::lower_bound(docs_.begin(), docs_.end(), did);
  if (at == docs_.end() || *at != did) return 0;
  return wdf_at(static_cast<std::size_t>(at - docs_.begin()));
}

void TermPostings::wdfs(const std::vector<Xapian::docid>& docs, std::vector<Xapian::termcount>& out) const {
  out.assign(docs.size(), 0);
  auto from = docs_.begin();
  for (std::size_t k = 0; k < docs.size() && from != docs_.end(); ++k) {
    // Gallop: the first step of 1, 2, 4... past `from` that reaches docs[k] bounds the search.
    std::size_t step = 1;
    auto to = from;
    while (docs_.end() - to > static_cast<std::ptrdiff_t>(step) && *(to + static_cast<std::ptrdiff_t>(step)) < docs[k]) {
      to += static_cast<std::ptrdiff_t>(step);
      step *= 2;
    }
    const auto last = docs_.end() - to > static_cast<std::ptrdiff_t>(step) ? to + static_cast<std::ptrdiff_t>(step) + 1 : docs_.end();
    from = std::lower_bound(to, last, docs[k]);
    if (from != docs_.end() && *from == docs[k]) out[k] = wdf_at(static_cast<std::size_t>(from - docs_.begin()));
  }
}

std::size_t TermPostings::bytes() const {
  return sizeof(*this) + docs_.capacity() * sizeof(Xapian::docid) + wdf_.capacity() * sizeof(std::uint16_t) +
         wide_.capacity() * sizeof(wide_.front());
}

namespace {

std::atomic<std::size_t> asked{0};
std::atomic<std::size_t> read{0};

// The kept lists, most recently used first, keyed by snapshot and term.
class Lists {
 public:
  std::shared_ptr<const TermPostings> find(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }

  void keep(const std::string& key, std::shared_ptr<const TermPostings> list) {
    const std::size_t size = list->bytes() + key.size();
    if (size > TermPostingsCache::kBudget) return;
    std::lock_guard lock(mutex_);
    if (index_.count(key)) return;  // another search read it meanwhile
    entries_.emplace_front(key, std::move(list));
    index_[key] = entries_.begin();
    bytes_ += size;
    while (bytes_ > TermPostingsCache::kBudget) {
      const Entry& last = entries_.back();
      bytes_ -= last.second->bytes() + last.first.size();
      index_.erase(last.first);
      entries_.pop_back();
    }
  }

  std::size_t bytes() {
    std::lock_guard lock(mutex_);
    return bytes_;
  }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const TermPostings>>;
  std::mutex mutex_;
  std::list<Entry> entries_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

Lists& lists() {
  static Lists instance;
  return instance;
}

}  // namespace

std::shared_ptr<const TermPostings> TermPostingsCache::get(const Xapian::Database& db, const std::string& snapshot,
                                                           const std::string& term) {
  ++asked;
  const std::string key = snapshot + '\n' + term;
  if (auto found = lists().find(key)) return found;
  auto list = std::make_shared<const TermPostings>(db, term);  // outside the lock: other searches go on
  ++read;
  lists().keep(key, list);
  return list;
}

std::size_t TermPostingsCache::lookups() { return asked; }
std::size_t TermPostingsCache::lists_read() { return read; }
std::size_t TermPostingsCache::bytes_kept() { return lists().bytes(); }

}  // namespace km::search
