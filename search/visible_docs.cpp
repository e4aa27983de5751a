#include "search/visible_docs.h"

#include <atomic>
#include <bit>

#include "search/snapshot_cache.h"

namespace km::search {
namespace {

using Bitmap = VisibleDocs::Bitmap;

std::atomic<std::size_t> built{0};
std::atomic<std::size_t> deciders{0};

std::shared_ptr<const Bitmap> build(const Xapian::Database& shard, const std::vector<std::string>& terms) {
  auto bitmap = std::make_shared<Bitmap>();
  bitmap->words.assign(shard.get_lastdocid() / 64 + 1, 0);
  for (const std::string& term : terms) {
    for (auto p = shard.postlist_begin(term); p != shard.postlist_end(term); ++p) {
      std::uint64_t& word = bitmap->words[*p / 64];
      const std::uint64_t bit = std::uint64_t{1} << (*p % 64);
      if (!(word & bit)) ++bitmap->count;
      word |= bit;
    }
  }
  ++built;
  return bitmap;
}

// Bitmaps by shard snapshot and terms: a few hundred kilobytes each at a million items, one per
// visibility class in use.
std::shared_ptr<const Bitmap> cached(const Xapian::Database& shard, const std::vector<std::string>& terms) {
  static SnapshotCache<Bitmap> cache(64);
  std::optional<std::string> key = snapshot_key(shard);
  if (!key) return build(shard, terms);  // no revision to key on (an in-memory shard)
  for (const std::string& t : terms) *key += '\n' + t;
  return cache.get(*key, [&] { return build(shard, terms); });
}

}  // namespace

VisibleDocs::VisibleDocs(std::vector<std::string> terms) : terms_(std::move(terms)), bitmap_(std::make_shared<Bitmap>()) {}

std::size_t VisibleDocs::bitmaps_built() { return built; }

std::shared_ptr<const Bitmap> VisibleDocs::of(const Xapian::Database& shard, const std::vector<std::string>& terms) {
  return cached(shard, terms);
}

void VisibleDocs::init(const Xapian::Database& db) {
  bitmap_ = cached(db, terms_);
  current_ = 0;
  at_end_ = false;
}

void VisibleDocs::seek(Xapian::docid did) {
  const auto& words = bitmap_->words;
  std::size_t w = did / 64;
  if (w >= words.size()) {
    at_end_ = true;
    return;
  }
  std::uint64_t bits = words[w] & (~std::uint64_t{0} << (did % 64));
  while (bits == 0) {
    if (++w == words.size()) {
      at_end_ = true;
      return;
    }
    bits = words[w];
  }
  current_ = static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
}

void VisibleDocs::next(double) { seek(current_ + 1); }

void VisibleDocs::skip_to(Xapian::docid did, double) {
  if (did > current_) seek(did);
}

bool VisibleDocs::check(Xapian::docid did, double) {
  current_ = did;
  return bitmap_->holds(did);
}

VisibleDecider::VisibleDecider(const Xapian::Database& db, const std::vector<std::string>& terms)
    : bitmap_(cached(db, terms)) {
  ++deciders;
}

std::size_t VisibleDecider::made() { return deciders; }

bool VisibleDecider::operator()(const Xapian::Document& doc) const {
  const bool visible = bitmap_->holds(doc.get_docid());
  accepted_ += visible;
  return visible;
}

}  // namespace km::search
