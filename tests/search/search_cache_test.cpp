// SearchCache: a cached answer reaches only users who may see exactly the same items, and a
// commit to the index is seen by the next search.
#include "search/search_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "indexer/index_writer.h"

namespace {

using km::core::Role;
using km::core::User;

km::core::Item item(const std::string& id, const std::string& org, km::core::Visibility visibility,
                    km::core::Status status, const std::string& author = "") {
  km::core::Item i;
  i.id = id;
  i.org = org;
  i.title = "Router note " + id;
  i.body = "router firmware";
  i.visibility = visibility;
  i.status = status;
  i.author = author;
  return i;
}

class SearchCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "search_cache_index";
    std::filesystem::remove_all(dir_);
    writer_ = std::make_unique<km::indexer::IndexWriter>(dir_, std::chrono::milliseconds(0));
    using km::core::Status;
    using km::core::Visibility;
    writer_->put(item("shared-1", "client", Visibility::shared, Status::validated), {});
    writer_->put(item("client-only", "client", Visibility::org, Status::validated), {});
    writer_->put(item("draft-of-ann", "client", Visibility::org, Status::draft, "c.ann"), {});
    writer_->commit();
  }

  std::vector<std::string> ids(const User& user) {
    Xapian::Database db(dir_);
    km::search::SearchParams p;
    p.q = "router";
    std::vector<std::string> out;
    const auto answer = cache_.search(db, user, p, graph_, 1);
    for (const auto& r : answer["results"]) out.push_back(r["id"]);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string dir_;
  std::unique_ptr<km::indexer::IndexWriter> writer_;
  km::taxonomy::ConceptGraph graph_;
  km::search::SearchCache cache_{100};
  const User ann_{"c.ann", "Ann", "client", {}, {Role::contributor}};
  const User bob_{"c.bob", "Bob", "client", {}, {Role::reader}};
  const User cat_{"c.cat", "Cat", "client", {}, {Role::reader}};
  const User pia_{"p.pia", "Pia", "partner", {}, {Role::reader}};
};

TEST_F(SearchCacheTest, UsersWhoSeeTheSameItemsShareAnAnswer) {
  EXPECT_EQ(ids(bob_), (std::vector<std::string>{"client-only", "shared-1"}));
  EXPECT_EQ(cache_.misses(), 1u);
  EXPECT_EQ(ids(cat_), (std::vector<std::string>{"client-only", "shared-1"}));
  EXPECT_EQ(cache_.hits(), 1u);
}

TEST_F(SearchCacheTest, NoAnswerReachesAUserWhoseVisibilityDiffers) {
  ASSERT_EQ(ids(bob_), (std::vector<std::string>{"client-only", "shared-1"}));
  // Another organisation: the client-only item must not come from Bob's cached answer.
  EXPECT_EQ(ids(pia_), (std::vector<std::string>{"shared-1"}));
  // The author of a draft sees it; a colleague of the same class otherwise does not.
  EXPECT_EQ(ids(ann_), (std::vector<std::string>{"client-only", "draft-of-ann", "shared-1"}));
  EXPECT_EQ(ids(cat_), (std::vector<std::string>{"client-only", "shared-1"}));
  EXPECT_EQ(ids(ann_), (std::vector<std::string>{"client-only", "draft-of-ann", "shared-1"}));
  EXPECT_EQ(cache_.hits(), 2u);  // Cat's from Bob's, Ann's second from her first
}

TEST_F(SearchCacheTest, ACommitIsSeenByTheNextSearch) {
  ASSERT_EQ(ids(pia_), (std::vector<std::string>{"shared-1"}));
  writer_->put(item("shared-2", "partner", km::core::Visibility::shared, km::core::Status::validated), {});
  writer_->commit();
  EXPECT_EQ(ids(pia_), (std::vector<std::string>{"shared-1", "shared-2"}));
}

TEST_F(SearchCacheTest, ACapacityOfZeroTurnsItOff) {
  km::search::SearchCache off(0);
  Xapian::Database db(dir_);
  km::search::SearchParams p;
  p.q = "router";
  off.search(db, bob_, p, graph_, 1);
  off.search(db, bob_, p, graph_, 1);
  EXPECT_EQ(off.hits(), 0u);
}

}  // namespace

namespace {

// A rebuild swaps in a new database whose revisions count from 1 again.
TEST_F(SearchCacheTest, ARebuiltIndexIsNotAnsweredFromTheOldOne) {
  ASSERT_EQ(ids(pia_), (std::vector<std::string>{"shared-1"}));
  writer_.reset();
  std::filesystem::remove_all(dir_);
  writer_ = std::make_unique<km::indexer::IndexWriter>(dir_, std::chrono::milliseconds(0));
  writer_->put(item("rebuilt", "client", km::core::Visibility::shared, km::core::Status::validated), {});
  writer_->commit();
  EXPECT_EQ(ids(pia_), (std::vector<std::string>{"rebuilt"}));
}

}  // namespace
