#include "indexer/document_builder.h"

#include "core/audience.h"
#include "core/index_schema.h"

namespace km::indexer {
namespace schema = core::schema;

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
  doc.add_value(schema::kConceptsSlot, schema::encode_id_list(index_concepts));
  doc.add_value(schema::kStatusSlot, std::string(core::to_string(item.status)));
  doc.add_value(schema::kSignalsSlot, schema::encode_signals({item.status, votes.helpful, votes.not_helpful, item.review_by}));
  doc.add_value(schema::kHashSlot, item.content_hash());
  doc.add_value(schema::kItemConceptsSlot, schema::encode_id_list(item.concepts));

  doc.set_data(schema::encode_document_data({item.id, item.title, std::string(core::to_string(item.kind)), item.org,
                                              item.community, item.concepts, std::string(core::to_string(item.status)),
                                              std::string(core::to_string(item.visibility)), item.author, item.created,
                                              item.effective_date(), item.summary, item.full_text()}));
  return doc;
}

}  // namespace km::indexer
