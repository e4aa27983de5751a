#include "core/item.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace km::core;
using ::testing::Contains;
using ::testing::Field;
using ::testing::IsEmpty;

namespace {
nlohmann::json minimal() {
  return {{"id", "cl-1"}, {"org", "client"}, {"title", "Check the bill run date"}, {"body", "Text."}};
}
auto error_on(const std::string& field) { return Contains(Field(&FieldError::field, field)); }
}  // namespace

TEST(ParseItem, AppliesDefaultsToAMinimalRecord) {
  ItemParse p = parse_item(minimal());
  ASSERT_TRUE(p.item) << p.errors.front().reason;
  EXPECT_EQ(p.item->kind, Kind::lesson);
  EXPECT_EQ(p.item->visibility, Visibility::org);
  EXPECT_EQ(p.item->status, Status::draft);
}

TEST(ParseItem, ReadsEveryContractField) {
  nlohmann::json j = minimal();
  j.erase("body");
  j.update({{"kind", "good_practice"}, {"summary", "S"}, {"community", "billing"},
            {"concepts", {"client:billing", "client:refund", "client:billing"}}, {"visibility", "shared"},
            {"status", "validated"}, {"author", "c.amara"}, {"created", "2024-01-02"},
            {"updated", "2024-03-04T10:00:00Z"}, {"review_by", "2025-03-04"}, {"source_url", "https://x/y"},
            {"sections", {{"observation", "O"}, {"lesson", "L"}, {"recommendation", "R"}}}});
  ItemParse p = parse_item(j);
  ASSERT_TRUE(p.item);
  EXPECT_EQ(p.item->concepts, (std::vector<std::string>{"client:billing", "client:refund"}));
  EXPECT_EQ(p.item->sections.recommendation, "R");
  EXPECT_EQ(p.item->effective_date(), "2024-03-04T10:00:00Z");
  // Canonical JSON round-trips to the same item.
  EXPECT_EQ(parse_item(p.item->to_json()).item, p.item);
}

TEST(ParseItem, ReportsEveryMissingRequiredField) {
  ItemParse p = parse_item(nlohmann::json::object());
  EXPECT_FALSE(p.item);
  EXPECT_THAT(p.errors, error_on("id"));
  EXPECT_THAT(p.errors, error_on("org"));
  EXPECT_THAT(p.errors, error_on("title"));
  EXPECT_THAT(p.errors, error_on("body"));
}

TEST(ParseItem, RejectsWrongTypesUnknownEnumsAndUnknownFields) {
  nlohmann::json j = minimal();
  j.update({{"title", 42}, {"kind", "story"}, {"visibility", "public"}, {"status", "final"},
            {"concepts", "client:billing"}, {"sections", "text"}, {"titel", "typo"}, {"created", "01/02/2024"}});
  ItemParse p = parse_item(j);
  EXPECT_FALSE(p.item);
  for (const char* field : {"title", "kind", "visibility", "status", "concepts", "sections", "titel", "created"}) {
    EXPECT_THAT(p.errors, error_on(field)) << field;
  }
}

TEST(ParseItem, RejectsInvalidUtf8AndOversizedFields) {
  nlohmann::json j = minimal();
  j["summary"] = std::string("bad \xC3(", 6);
  j["body"] = std::string(10 * 1024 * 1024, 'x');
  ItemParse p = parse_item(j);
  EXPECT_FALSE(p.item);
  EXPECT_THAT(p.errors, error_on("summary"));
  EXPECT_THAT(p.errors, error_on("body"));
}

TEST(ParseItem, RejectsBadIdsAndUpdatedBeforeCreated) {
  nlohmann::json j = minimal();
  j.update({{"id", "has space"}, {"created", "2024-05-01"}, {"updated", "2024-04-01"}});
  ItemParse p = parse_item(j);
  EXPECT_THAT(p.errors, error_on("id"));
  EXPECT_THAT(p.errors, error_on("updated"));
}

TEST(ParseItem, SectionsAloneSatisfyTheBodyRequirement) {
  nlohmann::json j = minimal();
  j.erase("body");
  j["sections"] = {{"lesson", "Always confirm the callback number."}};
  EXPECT_THAT(parse_item(j).errors, IsEmpty());
}

TEST(Item, ContentHashChangesWithContentOnly) {
  Item a = *parse_item(minimal()).item;
  Item b = a;
  EXPECT_EQ(a.content_hash(), b.content_hash());
  b.body = "Other text.";
  EXPECT_NE(a.content_hash(), b.content_hash());
}
