#pragma once
// Knowledge requests: a worker's question, answered at once by existing knowledge when it can
// be (deflected), otherwise routed by shared concept to a community of practice, due under the
// service level, claimed and answered by that community's experts, and accepted (with a rating)
// or reopened by the requester. An accepted answer becomes a searchable item of kind "answer".
//
// This is the state machine's driver: each action checks who may act (README "Knowledge
// requests"), moves the request through core/request_state.h's transition table (a refused
// transition is a core::Conflict), and saves it with its event through core::RequestStore; the
// JSON comes from server/request_views.h. A request the user may not see is a 404, like a
// missing one; one they see but may not act on is a 403.
// Thread-safe (every call goes through the SharedStore lock). Throws km::core errors.
#include <ctime>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/request_store.h"
#include "search/index_readers.h"
#include "server/item_service.h"
#include "core/service_level.h"
#include "server/shared_store.h"
#include "server/taxonomy_cache.h"

namespace km::server {

class RequestService {
 public:
  RequestService(SharedStore& store, ItemService& items, search::IndexReaders& readers, TaxonomyCache& taxonomy,
                 core::ServiceLevel service_level, std::function<std::time_t()> now,
                 std::function<void(const std::string& event, const nlohmann::json& request)> notify = {});

  // {question, details?, concepts?, priority?} -> {"request": ..., "suggestions": [...]}
  nlohmann::json create(const core::User& user, const nlohmann::json& body);
  nlohmann::json get(const core::User& user, long long id);
  // Which requests list() gives: the user's own (and followed ones), or their queue as an
  // expert (open requests routed to their communities; GET /api/requests?queue=mine).
  enum class ListScope { own, expert_queue };
  // `status` filters ("at_risk" and "overdue" are computed states); those two and "unrouted"
  // list every such request the user may see (km_leads: all).
  nlohmann::json list(const core::User& user, ListScope scope, const std::string& status);
  nlohmann::json deflect(const core::User& user, long long id, const std::string& item_id);
  // Follows an open request (offered at creation as similar_open_requests): the follower sees
  // it, its answers, and finds it in their list.
  nlohmann::json join(const core::User& user, long long id);
  // A km_lead routes an unrouted request, or re-routes one no expert has claimed yet,
  // to a community with at least one expert. The due time stays: the clock started when the
  // worker asked.
  nlohmann::json route(const core::User& user, long long id, const std::string& community);
  nlohmann::json claim(const core::User& user, long long id);
  nlohmann::json ask(const core::User& user, long long id, const std::string& text);
  nlohmann::json add_details(const core::User& user, long long id, const std::string& text);
  // {text, items?: [ids], visibility?: org|community|shared}
  nlohmann::json answer(const core::User& user, long long id, const nlohmann::json& body);
  // {rating: 1..5}
  nlohmann::json accept(const core::User& user, long long id, const nlohmann::json& body);
  nlohmann::json reopen(const core::User& user, long long id, const std::string& text);

  // The service-level check the server runs every minute (no cron): an open request past
  // `at_risk_share` of its time is flagged at risk and its community alerted; past its due time
  // it escalates to the community's leads (its experts); past its due time by as much again, to
  // the km_lead of the answering org. Each step is recorded once as an event. Returns how many
  // requests changed.
  std::size_t check_service_levels();

 private:
  core::RequestRecord load(const core::User& user, long long id);
  // Saves the request in state `next`, recording the action's event.
  void record(core::RequestRecord& r, core::RequestState next, core::RequestAction action, const core::User& actor,
              const std::string& detail);
  void save(core::RequestRecord& r, const std::string& actor, std::string_view event, const std::string& detail);
  nlohmann::json view(const std::vector<core::RequestRecord>& rows, const core::User* viewer);
  nlohmann::json classify(const std::string& text);
  nlohmann::json similar_open(const core::RequestRecord& row);
  bool follows(const std::string& user_id, long long id);

  SharedStore& store_;
  ItemService& items_;
  search::IndexReaders& readers_;
  TaxonomyCache& taxonomy_;
  core::ServiceLevel service_level_;
  std::function<std::time_t()> now_;
  // routed, answered, resolved; at_risk, overdue, escalated from the service-level check
  std::function<void(const std::string&, const nlohmann::json&)> notify_;
  void notify(const std::string& event, const core::User& viewer, long long id);
};

}  // namespace km::server
