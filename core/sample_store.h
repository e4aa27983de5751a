#pragma once
// SampleStore: quality samples in the store of record, and the owner of `samples` and
// `sample_items`: the only code that writes them. A sample is drawn with its items in one
// transaction; each item then gets a verdict (pass, or fail with a reason). Its reads join the
// items' columns they report on (title, org, community, last change), never write them. The
// sampling service, the review queue and the KM report read through the named queries below.
// Not thread-safe: it works on the caller's connection (server code holds the SharedStore lock).
// Throws SQLite::Exception on database errors.
#include <SQLiteCpp/Database.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace km::core {

enum class Verdict { pass, fail };
std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

struct SampleRecord {
  long long id = 0;
  std::string reviewer, org;  // org: whose items are sampled
  std::string from, to;       // the period, YYYY-MM-DD
  std::string created_at;
};

// One item of a sample, as its reviewer sees it.
struct SampleItem {
  std::string item_id, title;
  std::optional<Verdict> verdict;  // none until decided
  std::string reason;
};

// A sample with how many items it holds, how many are decided and how many passed.
struct SampleSummary {
  SampleRecord sample;
  int items = 0, decided = 0, passed = 0;
};

// A decided sample item, with its item's org and community and whether the item changed since.
struct DecidedItem {
  std::string item_id, item_org, community;
  Verdict verdict = Verdict::pass;
  std::string reason, decided_at;
  bool changed_since = false;
};

class SampleStore {
 public:
  explicit SampleStore(SQLite::Database& db) : db_(db) {}

  // Saves a sample and its items in one transaction; returns its id.
  long long create(const SampleRecord& sample, const std::vector<std::string>& item_ids);
  std::optional<SampleRecord> find(long long id);
  // The sample's items, by item id.
  std::vector<SampleItem> items_of(long long id);
  // Records the verdict on an item of the sample; false when the item is not in it.
  bool decide(long long id, const std::string& item_id, Verdict verdict, const std::string& reason, const std::string& at);

  // The samples `reviewer` reviews, newest first.
  std::vector<SampleSummary> reviewed_by(const std::string& reviewer);
  // Every sample, newest first.
  std::vector<SampleSummary> summaries();
  // Every decided sample item.
  std::vector<DecidedItem> decided();
  // Items failed in a sample and not changed since the verdict: they wait for review.
  std::set<std::string> failed_unchanged();

 private:
  std::vector<SampleSummary> summaries_of(const std::optional<std::string>& reviewer);

  SQLite::Database& db_;
};

}  // namespace km::core
