#include "core/request_state.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "core/error.h"

using namespace km::core;
using S = RequestState;
using A = RequestAction;

namespace {

constexpr S kAllStates[] = {S::unrouted, S::routed, S::claimed, S::needs_info, S::answered, S::resolved};
constexpr A kAllActions[] = {A::deflect, A::join, A::route, A::claim, A::ask, A::details, A::answer, A::accept, A::reopen};

// The lifecycle as the README describes it, written out independently of the table: every
// allowed (action, from) pair and where it leads. Anything missing here must be refused.
const std::map<std::pair<A, S>, S> kExpected = {
    {{A::deflect, S::unrouted}, S::resolved},   {{A::deflect, S::routed}, S::resolved},
    {{A::deflect, S::claimed}, S::resolved},    {{A::deflect, S::needs_info}, S::resolved},
    {{A::deflect, S::answered}, S::resolved},   {{A::join, S::unrouted}, S::unrouted},
    {{A::join, S::routed}, S::routed},          {{A::join, S::claimed}, S::claimed},
    {{A::join, S::needs_info}, S::needs_info},  {{A::join, S::answered}, S::answered},
    {{A::route, S::unrouted}, S::routed},       {{A::route, S::routed}, S::routed},
    {{A::claim, S::routed}, S::claimed},        {{A::ask, S::claimed}, S::needs_info},
    {{A::details, S::unrouted}, S::unrouted},   {{A::details, S::routed}, S::routed},
    {{A::details, S::claimed}, S::claimed},     {{A::details, S::needs_info}, S::claimed},
    {{A::details, S::answered}, S::answered},   {{A::answer, S::routed}, S::answered},
    {{A::answer, S::claimed}, S::answered},     {{A::answer, S::needs_info}, S::answered},
    {{A::accept, S::answered}, S::resolved},    {{A::reopen, S::answered}, S::routed},
};

std::string conflict_message(S from, A action) {
  try {
    request_transition(from, action);
  } catch (const Conflict& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(RequestState, NamesAreTheApiStringsAndRoundTrip) {
  const std::vector<std::string> names = {"unrouted", "routed", "claimed", "needs_info", "answered", "resolved"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(request_state_name(kAllStates[i]), names[i]);
    EXPECT_EQ(parse_request_state(names[i]), kAllStates[i]);
  }
  EXPECT_FALSE(parse_request_state("Routed"));
  EXPECT_FALSE(parse_request_state("at_risk"));  // computed, never stored
  EXPECT_EQ(parse_request_resolution(""), RequestResolution::none);
  EXPECT_EQ(parse_request_resolution("deflected"), RequestResolution::deflected);
  EXPECT_EQ(request_resolution_name(RequestResolution::accepted), "accepted");
}

TEST(RequestState, ActionNamesAreTheRoutesPathSegmentsAndEventsTheHistoryNames) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"deflect", "deflected"}, {"join", ""},        {"route", "routed"},     {"claim", "claimed"},  {"ask", "asked"},
      {"details", "details"},   {"answers", "answered"}, {"accept", "accepted"}, {"reopen", "reopened"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(request_action_name(kAllActions[i]), expected[i].first);
    EXPECT_EQ(request_event_name(kAllActions[i]), expected[i].second);
  }
}

TEST(RequestState, EveryAllowedTransitionLeadsWhereTheLifecycleSays) {
  for (const auto& [key, to] : kExpected) {
    const auto& [action, from] = key;
    SCOPED_TRACE(std::string(request_action_name(action)) + " from " + std::string(request_state_name(from)));
    EXPECT_EQ(next_request_state(from, action), to);
    EXPECT_EQ(request_transition(from, action), to);
  }
  EXPECT_EQ(request_transitions().size(), kExpected.size());
}

TEST(RequestState, EveryOtherTransitionIsRefusedWithAConflict) {
  for (S from : kAllStates) {
    for (A action : kAllActions) {
      if (kExpected.count({action, from})) continue;
      SCOPED_TRACE(std::string(request_action_name(action)) + " from " + std::string(request_state_name(from)));
      EXPECT_FALSE(next_request_state(from, action));
      EXPECT_THROW(request_transition(from, action), Conflict);
    }
  }
}

TEST(RequestState, ARefusalNamesTheActionTheStateAndTheStatesThatAllowIt) {
  EXPECT_EQ(conflict_message(S::answered, A::claim), "cannot claim a request that is answered (only one that is routed)");
  EXPECT_EQ(conflict_message(S::resolved, A::deflect),
            "cannot resolve with an item a request that is resolved (only one that is unrouted, routed, claimed, needs_info, answered)");
  EXPECT_EQ(conflict_message(S::routed, A::ask), "cannot ask for details on a request that is routed (only one that is claimed)");
}

TEST(RequestState, AResolvedRequestAllowsNothing) {
  EXPECT_TRUE(request_actions_from(S::resolved).empty());
  for (S s : kAllStates) EXPECT_EQ(is_open(s), s != S::answered && s != S::resolved);
  EXPECT_FALSE(clock_runs(S::needs_info));
  EXPECT_TRUE(clock_runs(S::claimed));
}

TEST(RequestState, ActionsFromAStateAreThoseTheTableAllows) {
  EXPECT_EQ(request_actions_from(S::answered),
            (std::vector<A>{A::deflect, A::join, A::details, A::accept, A::reopen}));
  EXPECT_EQ(request_actions_from(S::routed), (std::vector<A>{A::deflect, A::join, A::route, A::claim, A::details, A::answer}));
}

// The README's state table is the generated one: change the table in core/request_state.cpp
// and paste request_transitions_markdown() between the README's markers.
TEST(RequestState, TheReadmeTableIsTheTransitionTable) {
  std::ifstream in(std::string(KM_TEST_DATA_DIR) + "/../../README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::string begin = "<!-- request-transitions: begin -->\n", end = "<!-- request-transitions: end -->";
  const auto from = readme.find(begin), to = readme.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(readme.substr(from + begin.size(), to - from - begin.size()), request_transitions_markdown())
      << "README.md's request-transitions table differs from core/request_state.cpp; it should read:\n"
      << request_transitions_markdown();
}
