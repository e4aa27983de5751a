// The index schema's encoders and decoders (core/index_schema.h): every value round-trips, a
// malformed one reads as its documented default without throwing, and the tables people read
// (README.md, docs/index-schema.md) are the schema's own.
#include "core/index_schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace schema = km::core::schema;
using km::core::Status;

TEST(IndexSchema, AnIdListRoundTrips) {
  const std::vector<std::string> ids = {"shared:router", "client:fault", "partner:x-1"};
  EXPECT_EQ(schema::encode_id_list(ids), "shared:router\nclient:fault\npartner:x-1");
  EXPECT_EQ(schema::decode_id_list(schema::encode_id_list(ids)), ids);
  EXPECT_EQ(schema::decode_id_list(schema::encode_id_list({})), std::vector<std::string>{});
  EXPECT_EQ(schema::decode_id_list(schema::encode_id_list({"one"})), std::vector<std::string>{"one"});
}

TEST(IndexSchema, AnIdListSkipsEmptyEntries) {
  EXPECT_EQ(schema::decode_id_list("\n\na\n\nb\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(schema::decode_id_list("\n"), std::vector<std::string>{});
  std::vector<std::string_view> seen;
  schema::for_each_listed_id("x\ny", [&](std::string_view id) { seen.push_back(id); });
  EXPECT_EQ(seen, (std::vector<std::string_view>{"x", "y"}));
}

TEST(IndexSchema, SignalsRoundTrip) {
  for (const schema::Signals& s : {schema::Signals{Status::validated, 3, 1, "2027-01-01"}, schema::Signals{Status::draft, 0, 0, ""},
                                   schema::Signals{Status::retired, 0, 9, "2020-01-01"}}) {
    EXPECT_EQ(schema::decode_signals(schema::encode_signals(s)), s) << schema::encode_signals(s);
  }
  EXPECT_EQ(schema::encode_signals({Status::validated, 3, 1, "2027-01-01"}), "validated|3|1|2027-01-01");
}

TEST(IndexSchema, SignalsKeepOnlyTheReviewDate) {
  EXPECT_EQ(schema::encode_signals({Status::draft, 0, 0, "2027-01-01T10:00:00Z"}), "draft|0|0|2027-01-01");
}

TEST(IndexSchema, MalformedSignalsReadAsADraftWithNoVotes) {
  const schema::Signals none{};
  EXPECT_EQ(schema::decode_signals(""), none);
  EXPECT_EQ(schema::decode_signals("|||"), none);
  EXPECT_EQ(schema::decode_signals("validated"), (schema::Signals{Status::validated, 0, 0, ""}));
  EXPECT_EQ(schema::decode_signals("bogus|2|1|"), (schema::Signals{Status::draft, 2, 1, ""}));
  // A count is the whole field or nothing: "5x" is not 5 (std::stoi read it as 5, and threw on "x").
  EXPECT_EQ(schema::decode_signals("validated|5x|x|2027-01-01"), (schema::Signals{Status::validated, 0, 0, "2027-01-01"}));
  EXPECT_EQ(schema::decode_signals("validated|-3|99999999999999999999|"), (schema::Signals{Status::validated, 0, 0, ""}));
  EXPECT_EQ(schema::decode_signals("draft|1|2|2027-01-01|more"), (schema::Signals{Status::draft, 1, 2, "2027-01-01"}));
}

TEST(IndexSchema, DocumentDataRoundTrips) {
  const schema::DocumentData d{"cl-1", "Title", "lesson", "client", "network", {"shared:a", "client:b"}, "validated",
                               "shared", "c.ann", "2026-01-01", "2026-02-01", "Summary", "The text"};
  EXPECT_EQ(schema::decode_document_data(schema::encode_document_data(d)), d);
  EXPECT_EQ(schema::decode_document_data(schema::encode_document_data({})), schema::DocumentData{});
}

TEST(IndexSchema, DocumentDataKeepsTheTextUpToTheLimitOnACharacterBoundary) {
  schema::DocumentData d;
  d.text = std::string(schema::kMaxStoredText - 1, 'a') + "\xc3\xa9" + "tail";  // é straddles the limit
  const std::string text = schema::decode_document_data(schema::encode_document_data(d)).text;
  EXPECT_EQ(text, std::string(schema::kMaxStoredText - 1, 'a'));
}

TEST(IndexSchema, MalformedDocumentDataReadsAsEmptyFields) {
  EXPECT_EQ(schema::decode_document_data(""), schema::DocumentData{});
  EXPECT_EQ(schema::decode_document_data("{not json"), schema::DocumentData{});
  EXPECT_EQ(schema::decode_document_data("[1,2]"), schema::DocumentData{});
  const schema::DocumentData d = schema::decode_document_data(R"({"id":"x","title":7,"concepts":["a",3,"b"],"text":null})");
  EXPECT_EQ(d.id, "x");
  EXPECT_EQ(d.title, "");
  EXPECT_EQ(d.concepts, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.text, "");
}

// What the document data reads as, by way of a JSON DOM: the reference for the decoder, which
// reads the text without one.
schema::DocumentData through_dom(const std::string& value) {
  const nlohmann::json data = nlohmann::json::parse(value, nullptr, false);
  schema::DocumentData d;
  if (!data.is_object()) return d;
  auto at = [&](const char* key) {
    const auto it = data.find(key);
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  namespace k = schema::data_key;
  d.id = at(k::kId), d.title = at(k::kTitle), d.kind = at(k::kKind), d.org = at(k::kOrg), d.community = at(k::kCommunity);
  d.status = at(k::kStatus), d.visibility = at(k::kVisibility), d.author = at(k::kAuthor), d.created = at(k::kCreated);
  d.updated = at(k::kUpdated), d.summary = at(k::kSummary), d.text = at(k::kText);
  if (const auto it = data.find(k::kConcepts); it != data.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_string()) d.concepts.push_back(c.get<std::string>());
    }
  }
  return d;
}

TEST(IndexSchema, DocumentDataReadsAsItsJsonDoes) {
  schema::DocumentData full;
  full.id = "cl-1", full.title = "Router \"resets\"", full.kind = "lesson", full.org = "client", full.community = "networks";
  full.concepts = {"client:router", "shared:fault"};
  full.status = "validated", full.visibility = "shared", full.author = "ana", full.created = "2026-01-02";
  full.updated = "2026-02-03", full.summary = "Line one\nline two é", full.text = std::string(3000, 'x') + " ünï \t";
  const std::string encoded = schema::encode_document_data(full);
  EXPECT_EQ(schema::decode_document_data(encoded), full);
  for (const std::string& value : {
           encoded, std::string("{}"), std::string("\"text\""), std::string("7"), std::string("null"), std::string("{\"id\":\"x\"} trailing"),
           std::string(R"({"id":"x","id":"y"})"), std::string(R"({"title":"x","title":{"a":"b"}})"),
           std::string(R"({"title":"x","title":["a"]})"), std::string(R"({"title":"x","title":null})"),
           std::string(R"({"concepts":["a"],"concepts":["b","c"]})"), std::string(R"({"concepts":["a"],"concepts":"b"})"),
           std::string(R"({"concepts":[["a"],{"b":"c"},"d",null]})"), std::string(R"({"extra":{"id":"no","concepts":["no"]},"id":"yes"})"),
           std::string(R"({"extra":[{"title":"no"}],"title":"yes"})"), std::string(R"({"id":"\u00e9\ud83d\ude00"})"),
           std::string(R"({"id":"x",)"), std::string("{\"id\":\"\xff\"}")}) {
    EXPECT_EQ(schema::decode_document_data(value), through_dom(value)) << value;
  }
}

TEST(IndexSchema, EveryPrefixAndSlotHasOneMeaning) {
  std::set<std::string_view> prefixes;
  for (const auto& p : schema::kPrefixMeanings) EXPECT_TRUE(prefixes.insert(p.prefix).second) << p.prefix;
  std::set<Xapian::valueno> slots;
  for (const auto& s : schema::kSlotMeanings) EXPECT_TRUE(slots.insert(s.slot).second) << s.slot;
  EXPECT_EQ(slots.size(), schema::kItemConceptsSlot + 1u);  // 0..10, none left out
}

namespace {

// The text between `<!-- index-schema: begin -->` and its end marker in a file of the repository.
std::string marked_table(const std::string& path) {
  std::ifstream in(std::string(KM_TEST_DATA_DIR) + "/../../" + path);
  if (!in) return "(" + path + " not found)";
  std::stringstream text;
  text << in.rdbuf();
  const std::string file = text.str();
  const std::string begin = "<!-- index-schema: begin -->\n", end = "<!-- index-schema: end -->";
  const auto from = file.find(begin), to = file.find(end);
  if (from == std::string::npos || to == std::string::npos) return "(no index-schema markers in " + path + ")";
  return file.substr(from + begin.size(), to - from - begin.size());
}

}  // namespace

// The README's table and docs/index-schema.md's are the generated one: change the meanings in
// core/index_schema.h and paste schema_markdown() between the markers of both.
TEST(IndexSchema, TheDocumentedTablesAreTheSchema) {
  for (const std::string path : {"README.md", "docs/index-schema.md"}) {
    EXPECT_EQ(marked_table(path), schema::schema_markdown())
        << path << "'s index-schema table differs from core/index_schema.h; it should read:\n" << schema::schema_markdown();
  }
}
