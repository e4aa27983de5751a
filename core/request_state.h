#pragma once
// The knowledge request's states and the one table of its transitions. The service
// (server/request_service.cpp) moves a request only through request_transition(), the request
// JSON lists the actions its state allows (request_actions_from), the page offers only those,
// the KM report asks is_open(), and the README's state table is tested against
// request_transitions_markdown(). The names are the API's strings; nothing else spells them.
// Pure functions over constant tables: thread-safe. request_transition throws core::Conflict.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace km::core {

// unrouted: no routing rule applies, a km_lead routes it by hand; routed: waiting for an expert
// of its community; claimed: an expert is on it; needs_info: waiting for the requester's details
// (the service-level clock stops); answered: waiting for the requester's verdict; resolved.
enum class RequestState { unrouted, routed, claimed, needs_info, answered, resolved };

// How a resolved request was resolved: by an existing item (deflected) or by an accepted answer.
enum class RequestResolution { none, deflected, accepted };

// What a user does to a request. Each name is the path segment of its route,
// POST /api/requests/{id}/<name>.
enum class RequestAction { deflect, join, route, claim, ask, details, answer, accept, reopen };

std::string_view request_state_name(RequestState state);
std::optional<RequestState> parse_request_state(std::string_view text);
std::string_view request_resolution_name(RequestResolution resolution);  // "" for none
std::optional<RequestResolution> parse_request_resolution(std::string_view text);
std::string_view request_action_name(RequestAction action);
// The event the action records in the request's history ("" for join, which records none).
std::string_view request_event_name(RequestAction action);
// The computed states, never stored: GET /api/requests?status= filters, and the service-level
// check's events.
inline constexpr std::string_view kRequestAtRisk = "at_risk", kRequestOverdue = "overdue";
// The event a new request records, and those of the service-level check.
inline constexpr std::string_view kRequestCreatedEvent = "created", kRequestAtRiskEvent = kRequestAtRisk,
                                  kRequestEscalatedEvent = "escalated";

// One allowed transition: `action` on a request in state `from` leaves it in state `to`.
struct RequestTransition {
  RequestAction action;
  RequestState from;
  RequestState to;
};
// Every allowed transition, grouped by action; whatever is not listed is refused.
std::span<const RequestTransition> request_transitions();

// The state `action` leaves a request in `from`, or nullopt when the table refuses it.
std::optional<RequestState> next_request_state(RequestState from, RequestAction action);
// The same, or core::Conflict naming the action, the state and the states that allow it.
RequestState request_transition(RequestState from, RequestAction action);
// The actions the table allows from `state`, in RequestAction order.
std::vector<RequestAction> request_actions_from(RequestState state);

// Open: waiting for someone to act (unrouted, routed, claimed, needs_info).
bool is_open(RequestState state);
// Whether the request waits for its requester's details (an expert asked for them): what the
// page asks the requester for.
bool waits_for_details(RequestState state);
// Whether the service-level clock runs: open and not waiting for the requester's details.
bool clock_runs(RequestState state);

// The transition table as the README's Markdown table (one row per action).
std::string request_transitions_markdown();

}  // namespace km::core
