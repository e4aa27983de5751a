#include "indexer/readers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"

using namespace km::indexer;
using ::testing::HasSubstr;

namespace {
const std::string kData = KM_TEST_DATA_DIR;

std::string first_error(const SourceRecord& r) {
  return r.read_errors.empty() ? std::string() : describe(r, r.read_errors.front());
}
}  // namespace

TEST(JsonlReader, ReadsOneRecordPerLineAndSkipsBlankLines) {
  auto records = read_jsonl("x.jsonl", "{\"id\":\"a\"}\n\n   \n{\"id\":\"b\"}\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 4u);
  EXPECT_EQ(records[1].fields["id"], "b");
}

TEST(JsonlReader, ReportsMalformedLinesWithTheirNumber) {
  auto records = read_jsonl("x.jsonl", "{\"id\":\"a\"}\n{\"id\": \n{\"id\":\"c\xff\"}\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[0].read_errors.empty());
  EXPECT_THAT(first_error(records[1]), HasSubstr("x.jsonl:2: record: invalid JSON"));
  EXPECT_THAT(first_error(records[2]), HasSubstr("x.jsonl:3: record: line is not valid UTF-8"));
}

// Found by fuzz/ingest_fuzz in CI: a number beyond a double's range killed the ingest.
TEST(JsonlReader, ANumberTooLargeToReadIsAnErrorOfItsLine) {
  auto records = read_jsonl("x.jsonl", "{\"id\":\"a\",\"n\":99E999999999999999999999}\n{\"id\":\"b\"}\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(first_error(records[0]), HasSubstr("x.jsonl:1: record: invalid JSON: number overflow parsing"));
  EXPECT_TRUE(records[1].read_errors.empty());
}

TEST(JsonlReader, EmptyFileHasNoRecords) { EXPECT_TRUE(read_jsonl("e.jsonl", "").empty()); }

TEST(CsvReader, HandlesQuotedNewlinesDoubledQuotesListsAndSections) {
  auto records = read_file(kData + "/items/quoted.csv");
  ASSERT_EQ(records.size(), 2u);
  const auto& first = records[0].fields;
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(first["title"], "Callbacks, promised and missed");
  EXPECT_EQ(first["sections"]["observation"], "The caller was promised a callback\nthat never came.");
  EXPECT_EQ(first["sections"]["lesson"], "A missed callback doubles the \"dissatisfaction\" score.");
  EXPECT_EQ(first["concepts"], nlohmann::json({"partner:callback", "partner:dissatisfaction"}));
  EXPECT_FALSE(first.contains("summary"));  // empty cell = absent field
  EXPECT_EQ(records[1].line, 4u);           // the first record spans lines 2-3
  EXPECT_EQ(records[1].fields["body"], "Amber light means no sync.\nRed means no power.");
}

TEST(CsvReader, ReportsRowsThatCannotBeRead) {
  auto records = read_csv("b.csv", "id,org,title\na,client,One\nb,client\nc,client,\"open\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[0].read_errors.empty());
  EXPECT_EQ(first_error(records[1]), "b.csv:3: record: has 2 cells, header has 3");
  EXPECT_EQ(first_error(records[2]), "b.csv:4: record: unterminated quoted field");
}

TEST(CsvReader, RejectsAMissingHeaderAndBadUtf8) {
  EXPECT_THAT(first_error(read_csv("h.csv", "a,b\n1,2\n")[0]), HasSubstr("h.csv:1: header"));
  EXPECT_THAT(first_error(read_csv("u.csv", "id,org\nx,client\ny,\xC3\n")[0]), HasSubstr("u.csv:3:"));
  EXPECT_TRUE(read_csv("e.csv", "").empty());
  // Found by the ingest fuzzer: a text "sections" column beside named sections, either order.
  for (const char* text : {"id,sections,sections.Fix\na,one,two\n", "id,sections.Fix,sections\na,one,two\n"}) {
    const auto records = read_csv("s.csv", text);
    ASSERT_EQ(records.size(), 1u) << text;
    EXPECT_THAT(first_error(records[0]), HasSubstr("s.csv:1: header: a 'sections' column")) << text;
  }
}

TEST(MarkdownReader, FrontMatterAndHeadingsBecomeFieldsAndSections) {
  auto records = read_file(kData + "/items/markdown/lesson.md");
  ASSERT_EQ(records.size(), 1u);
  const auto& f = records[0].fields;
  EXPECT_EQ(f["title"], "Complaints need an owner within a day");
  EXPECT_EQ(f["concepts"], nlohmann::json({"client:complaint", "client:escalation"}));
  EXPECT_EQ(f["sections"]["recommendation"], "Assign every complaint an owner within one working day.");
  EXPECT_EQ(f["body"], "Context paragraph that stays in the body.");
  EXPECT_EQ(f["created"], "2024-07-01");
}

TEST(MarkdownReader, ReportsBrokenFrontMatter) {
  EXPECT_THAT(first_error(read_markdown("a.md", "---\nid: x\nno closing line\n")[0]), HasSubstr("no closing"));
  EXPECT_THAT(first_error(read_markdown("b.md", "---\nid: [unclosed\n---\nbody\n")[0]), HasSubstr("b.md:"));
  EXPECT_THAT(first_error(read_markdown("c.md", "---\n- a list\n---\nbody\n")[0]), HasSubstr("key: value"));
}

TEST(Readers, CollectInputsWalksFoldersAndRejectsUnknownPaths) {
  auto files = collect_inputs({kData + "/items"});
  EXPECT_EQ(files.size(), 3u);
  EXPECT_THROW(collect_inputs({kData + "/nope"}), km::core::InvalidInput);
  EXPECT_THROW(read_file(kData + "/items/README.txt"), km::core::InvalidInput);
}
