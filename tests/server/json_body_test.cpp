// The one body reader (server/json_body.h): the policy every POST and PATCH route shares, and
// the readers of a body's fields.
#include "server/json_body.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace {

using km::server::optional_text;
using km::server::read_json_body;
using km::server::required_integer;
using km::server::required_text;

// The message of the InvalidInput `f` throws ("" if it throws none).
template <typename F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const km::core::InvalidInput& e) {
    return e.what();
  }
  return "";
}

httplib::Request post(std::string body) {
  httplib::Request http;
  http.method = "POST";
  http.body = std::move(body);
  return http;
}

}  // namespace

TEST(JsonBody, AnEmptyBodyIsRefusedAndAnObjectIsRead) {
  EXPECT_EQ(refusal([] { read_json_body(post("")); }), "POST needs a JSON body (send {} when there is nothing to say)");
  EXPECT_EQ(read_json_body(post("{}")), nlohmann::json::object());
  EXPECT_EQ(read_json_body(post(R"({"a":[1,{"b":2}]})"))["a"][1]["b"], 2);
}

TEST(JsonBody, OnlyAnObjectShallowerThanTheLimitIsABody) {
  for (const char* body : {"[]", "3", "\"text\"", "null"}) {
    EXPECT_EQ(refusal([&] { read_json_body(post(body)); }), "the body must be a JSON object") << body;
  }
  const std::string deep = "{\"a\":" + std::string(km::server::kMaxJsonDepth + 1, '[') + std::string(km::server::kMaxJsonDepth + 1, ']') + "}";
  EXPECT_EQ(refusal([&] { read_json_body(post(deep)); }), "the JSON body is nested deeper than 32 levels");
  EXPECT_EQ(refusal([] { read_json_body(post("{\"a\":")); }), "the request body is not valid JSON (stopped at byte 6)");
}

TEST(JsonBody, ARequiredTextNamesTheFieldWhenItIsMissingBlankOrNotText) {
  const nlohmann::json body = {{"name", "Ann"}, {"blank", " \n"}, {"number", 7}, {"none", nullptr}};
  EXPECT_EQ(required_text(body, "name"), "Ann");
  EXPECT_EQ(refusal([&] { required_text(body, "missing"); }), "missing is required");
  EXPECT_EQ(refusal([&] { required_text(body, "none"); }), "none is required");
  EXPECT_EQ(refusal([&] { required_text(body, "blank"); }), "blank is required");
  EXPECT_EQ(refusal([&] { required_text(body, "number"); }), "number must be a string");
  EXPECT_EQ(refusal([&] { required_text(body, "name", 2); }), "name is too long or not UTF-8");
  EXPECT_EQ(refusal([] { required_text(nlohmann::json::array(), "name"); }), "the body must be a JSON object");
}

TEST(JsonBody, AnOptionalTextMayBeLeftOutButNotMistyped) {
  const nlohmann::json body = {{"note", "kept"}, {"none", nullptr}, {"flag", true}};
  EXPECT_EQ(optional_text(body, "note"), "kept");
  EXPECT_EQ(optional_text(body, "missing"), "");
  EXPECT_EQ(optional_text(body, "none"), "");
  EXPECT_EQ(refusal([&] { optional_text(body, "flag"); }), "flag must be a string");
}

TEST(JsonBody, ARequiredIntegerIsAWholeNumberInRange) {
  EXPECT_EQ(required_integer({{"rating", 5}}, "rating", 1, 5), 5);
  EXPECT_EQ(required_integer({{"rating", 1u}}, "rating", 1, 5), 1);
  // nlohmann's value() read 4.5 as 4; "5x" and "5" are text, not numbers.
  for (const nlohmann::json& bad : {nlohmann::json(4.5), nlohmann::json("5"), nlohmann::json("5x"), nlohmann::json(0),
                                    nlohmann::json(6), nlohmann::json(-1), nlohmann::json(18446744073709551615ull), nlohmann::json()}) {
    EXPECT_EQ(refusal([&] { required_integer({{"rating", bad}}, "rating", 1, 5); }), "rating must be an integer from 1 to 5") << bad;
  }
  EXPECT_EQ(refusal([] { required_integer(nlohmann::json::object(), "rating", 1, 5); }), "rating must be an integer from 1 to 5");
}
