#pragma once
// Quality sampling: the client cannot check every item the partner writes (nor the partner the
// client's), so a km_lead draws a random sample of the other organisation's items created or
// changed in a period, for themselves or for a named subject-matter expert of their org, and
// the reviewer records pass or fail (with a reason) for each. A failed item goes
// back to its author's review queue until it changes again; pass rates feed the KM report.
// Thread-safe (through SharedStore). Throws Forbidden (not a km_lead / not the reviewer),
// NotFound, InvalidInput, Conflict.
#include <nlohmann/json.hpp>
#include <string>

#include "core/user.h"
#include "server/shared_store.h"

namespace km::server {

class Sampling {
 public:
  Sampling(SharedStore& store, std::size_t default_size) : store_(store), default_size_(default_size) {}

  // {from: YYYY-MM-DD, to: YYYY-MM-DD, size?, reviewer?: user id} -> the sample with its items,
  // drawn from what the reviewer may see.
  nlohmann::json draw(const core::User& lead, const nlohmann::json& body);
  nlohmann::json get(const core::User& reviewer, long long id);
  // The samples `reviewer` reviews, newest first, each with how many items it holds, how many
  // are decided and how many passed (not the items: get() has them).
  nlohmann::json list(const core::User& reviewer);
  // {verdict: pass|fail, reason} (a failure needs a reason).
  nlohmann::json decide(const core::User& reviewer, long long id, const std::string& item_id, const nlohmann::json& body);

 private:
  core::User named_reviewer(const core::User& lead, const nlohmann::json& body);

  SharedStore& store_;
  std::size_t default_size_;
};

}  // namespace km::server
