#include "indexer/document_builder.h"

#include <nlohmann/json.hpp>

#include "core/audience.h"
#include "core/index_schema.h"

namespace km::indexer {
namespace schema = core::schema;

namespace {

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string utf8_prefix(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string join_lines(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += '\n';
    out += v;
  }
  return out;
}

}  // namespace

DocumentBuilder::DocumentBuilder(Xapian::WritableDatabase* spelling_db) {
  generator_.set_stemmer(Xapian::Stem(schema::kLanguage));
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  if (spelling_db) {
    generator_.set_database(*spelling_db);
    generator_.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
  }
}

Xapian::Document DocumentBuilder::build(const core::Item& item, const std::vector<std::string>& index_concepts,
                                        const core::VoteCounts& votes) {
  Xapian::Document doc;
  generator_.set_document(doc);

  // Title: counted heavier in the free text, and prefixed for title: searches.
  generator_.index_text(item.title, schema::kTitleWeight);
  generator_.index_text(item.title, 1, std::string(schema::kTitlePrefix));
  generator_.increase_termpos();
  if (!item.summary.empty()) {
    generator_.index_text(item.summary, schema::kSummaryWeight);
    generator_.index_text(item.summary, 1, std::string(schema::kSummaryPrefix));
    generator_.increase_termpos();
  }
  for (const std::string* part : {&item.sections.observation, &item.sections.lesson,
                                  &item.sections.recommendation, &item.body}) {
    if (part->empty()) continue;
    generator_.index_text(*part, schema::kBodyWeight);
    generator_.increase_termpos();  // no phrase matches across field boundaries
  }

  doc.add_boolean_term(schema::term(schema::kIdPrefix, item.id));
  doc.add_boolean_term(schema::term(schema::kOrgPrefix, item.org));
  doc.add_boolean_term(schema::term(schema::kKindPrefix, core::to_string(item.kind)));
  doc.add_boolean_term(schema::term(schema::kStatusPrefix, core::to_string(item.status)));
  doc.add_boolean_term(schema::term(schema::kVisibilityPrefix, core::to_string(item.visibility)));
  if (!item.community.empty()) doc.add_boolean_term(schema::term(schema::kCommunityPrefix, item.community));
  if (!item.author.empty()) doc.add_boolean_term(schema::term(schema::kAuthorPrefix, item.author));
  for (const std::string& c : index_concepts) doc.add_boolean_term(schema::term(schema::kConceptPrefix, c));
  for (const std::string& a : core::item_audiences(item)) doc.add_boolean_term(schema::term(schema::kAudiencePrefix, a));

  doc.add_value(schema::kCreatedSlot, item.created);
  doc.add_value(schema::kUpdatedSlot, item.effective_date());
  doc.add_value(schema::kReviewBySlot, item.review_by);
  doc.add_value(schema::kOrgSlot, item.org);
  doc.add_value(schema::kKindSlot, std::string(core::to_string(item.kind)));
  doc.add_value(schema::kCommunitySlot, item.community);
  doc.add_value(schema::kConceptsSlot, join_lines(index_concepts));
  doc.add_value(schema::kStatusSlot, std::string(core::to_string(item.status)));
  doc.add_value(schema::kSignalsSlot, std::string(core::to_string(item.status)) + "|" + std::to_string(votes.helpful) + "|" +
                                          std::to_string(votes.not_helpful) + "|" + item.review_by.substr(0, 10));
  doc.add_value(schema::kHashSlot, item.content_hash());
  doc.add_value(schema::kItemConceptsSlot, join_lines(item.concepts));

  nlohmann::json data = {{"id", item.id},
                         {"title", item.title},
                         {"kind", core::to_string(item.kind)},
                         {"org", item.org},
                         {"community", item.community},
                         {"concepts", item.concepts},
                         {"status", core::to_string(item.status)},
                         {"visibility", core::to_string(item.visibility)},
                         {"author", item.author},
                         {"created", item.created},
                         {"updated", item.effective_date()},
                         {"summary", item.summary},
                         {"text", utf8_prefix(item.full_text(), schema::kMaxStoredText)}};
  doc.set_data(data.dump());
  return doc;
}

}  // namespace km::indexer
