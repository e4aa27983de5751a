#include "core/request_state.h"

#include <array>

#include "core/enum_names.h"
#include "core/error.h"

namespace km::core {
namespace {

constexpr std::array<std::string_view, 6> kStates = {"unrouted", "routed", "claimed", "needs_info", "answered", "resolved"};
constexpr std::array<std::string_view, 3> kResolutions = {"", "deflected", "accepted"};
constexpr std::array<std::string_view, 9> kActions = {"deflect", "join", "route", "claim", "ask", "details", "answers", "accept", "reopen"};
constexpr std::array<std::string_view, 9> kEvents = {"deflected", "", "routed", "claimed", "asked", "details", "answered", "accepted", "reopened"};
// What the refusal says the action does, after "cannot".
constexpr std::array<std::string_view, 9> kDoing = {"resolve with an item", "join", "route", "claim", "ask for details on",
                                                    "add details to", "answer", "accept", "reopen"};

using S = RequestState;
using A = RequestAction;
constexpr RequestTransition kTransitions[] = {
    // The requester says an existing item answered it: any request not yet resolved.
    {A::deflect, S::unrouted, S::resolved}, {A::deflect, S::routed, S::resolved}, {A::deflect, S::claimed, S::resolved},
    {A::deflect, S::needs_info, S::resolved}, {A::deflect, S::answered, S::resolved},
    // Following a request changes nothing in it.
    {A::join, S::unrouted, S::unrouted}, {A::join, S::routed, S::routed}, {A::join, S::claimed, S::claimed},
    {A::join, S::needs_info, S::needs_info}, {A::join, S::answered, S::answered},
    // A km_lead routes an unrouted request, or re-routes one nobody has claimed.
    {A::route, S::unrouted, S::routed}, {A::route, S::routed, S::routed},
    {A::claim, S::routed, S::claimed},
    {A::ask, S::claimed, S::needs_info},
    // Details the expert asked for hand the request back to them; others are just added.
    {A::details, S::unrouted, S::unrouted}, {A::details, S::routed, S::routed}, {A::details, S::claimed, S::claimed},
    {A::details, S::needs_info, S::claimed}, {A::details, S::answered, S::answered},
    {A::answer, S::routed, S::answered}, {A::answer, S::claimed, S::answered}, {A::answer, S::needs_info, S::answered},
    {A::accept, S::answered, S::resolved},
    {A::reopen, S::answered, S::routed},
};

std::string quoted(std::string_view name) { return "`" + std::string(name) + "`"; }

}  // namespace

std::string_view request_state_name(RequestState state) { return enum_name(kStates, state); }
std::optional<RequestState> parse_request_state(std::string_view text) { return enum_from_name<RequestState>(kStates, text); }
std::string_view request_resolution_name(RequestResolution resolution) { return enum_name(kResolutions, resolution); }
std::optional<RequestResolution> parse_request_resolution(std::string_view text) {
  return enum_from_name<RequestResolution>(kResolutions, text);
}
std::string_view request_action_name(RequestAction action) { return enum_name(kActions, action); }
std::string_view request_event_name(RequestAction action) { return enum_name(kEvents, action); }

std::span<const RequestTransition> request_transitions() { return kTransitions; }

std::optional<RequestState> next_request_state(RequestState from, RequestAction action) {
  for (const RequestTransition& t : kTransitions) {
    if (t.action == action && t.from == from) return t.to;
  }
  return std::nullopt;
}

RequestState request_transition(RequestState from, RequestAction action) {
  if (auto to = next_request_state(from, action)) return *to;
  std::string allowed;
  for (const RequestTransition& t : kTransitions) {
    if (t.action == action) allowed += (allowed.empty() ? "" : ", ") + std::string(request_state_name(t.from));
  }
  throw Conflict("cannot " + std::string(enum_name(kDoing, action)) + " a request that is " + std::string(request_state_name(from)) +
                 " (only one that is " + allowed + ")");
}

std::vector<RequestAction> request_actions_from(RequestState state) {
  std::vector<RequestAction> out;
  for (std::size_t a = 0; a < kActions.size(); ++a) {
    if (next_request_state(state, static_cast<RequestAction>(a))) out.push_back(static_cast<RequestAction>(a));
  }
  return out;
}

bool is_open(RequestState state) {
  return state == S::unrouted || state == S::routed || state == S::claimed || state == S::needs_info;
}

bool waits_for_details(RequestState state) { return state == S::needs_info; }
bool clock_runs(RequestState state) { return is_open(state) && !waits_for_details(state); }

// One row per action: its event, then its transitions grouped by the state they lead to (the
// states it leaves unchanged last).
std::string request_transitions_markdown() {
  std::string out = "| action | event | from → to |\n|---|---|---|\n";
  for (std::size_t a = 0; a < kActions.size(); ++a) {
    const auto action = static_cast<RequestAction>(a);
    std::string cells, unchanged;
    for (std::size_t to = 0; to < kStates.size(); ++to) {
      std::string from;
      for (const RequestTransition& t : kTransitions) {
        if (t.action != action || t.to != static_cast<RequestState>(to)) continue;
        std::string& list = t.from == t.to ? unchanged : from;
        list += (list.empty() ? "" : ", ") + quoted(request_state_name(t.from));
      }
      if (!from.empty()) cells += (cells.empty() ? "" : "; ") + from + " → " + quoted(kStates[to]);
    }
    if (!unchanged.empty()) cells += (cells.empty() ? "" : "; ") + unchanged + " (unchanged)";
    const std::string_view event = request_event_name(action);
    out += "| " + quoted(request_action_name(action)) + " | " + (event.empty() ? std::string("—") : quoted(event)) + " | " + cells + " |\n";
  }
  return out;
}

}  // namespace km::core
